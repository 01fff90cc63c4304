package io.supplyshock.publish;

import io.supplyshock.events.ReferenceLineMapper;
import io.supplyshock.events.LineResult;
import io.supplyshock.events.Rejection;
import io.supplyshock.events.Vocabulary;
import io.supplyshock.events.UndatedPolicy;

import io.supplyshock.config.AppConfig;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Publishes a producer's JSON Lines file of facts to the event topics.
 *
 * <p>Records go out sorted by event time (a stable sort, so ties keep file order), not in file order.
 * The pipeline scores each event against the state known at its event time, and producers write
 * files in reading order: a 2023 supply share (e47) may come after the 2025 export control (e1) that
 * must be scored against it. Sorting puts the state facts into the topics before the events that
 * need them, so the pipeline's stream time moves forward only. {@code keepFileOrder} turns this off
 * (e.g. to replay a file exactly as written).
 *
 * <p>Every line ends up exactly once in the {@link PublishReport}: published, rejected with a
 * reason (including the broker's error when a send fails), or blank.
 */
public final class JsonlPublisher {

    public static final int DEFAULT_BATCH_SIZE = 5000;
    /** Transactional ids of event runs start with this (a per-run suffix follows); the secure stack's ACLs allow it. */
    public static final String TRANSACTIONAL_ID_PREFIX = "supplyshock-publisher";
    /** Ids named in a warning line; the rejects report, not stderr, is the place for a full list. */
    private static final int MAX_LISTED = 20;

    /**
     * @param rejectsFile   where to write the rejected lines; null for none
     * @param batchSize     records per Kafka transaction
     */
    public record Options(boolean dryRun, boolean keepFileOrder, int batchSize, Path rejectsFile, RejectsFormat rejectsFormat) {
        public Options {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
            }
            Objects.requireNonNull(rejectsFormat, "rejectsFormat");
        }

        public static Options defaults() {
            return new Options(false, false, DEFAULT_BATCH_SIZE, null, RejectsFormat.JSONL);
        }

        public Options withDryRun(boolean dryRun) {
            return new Options(dryRun, keepFileOrder, batchSize, rejectsFile, rejectsFormat);
        }

        public Options withKeepFileOrder(boolean keep) {
            return new Options(dryRun, keep, batchSize, rejectsFile, rejectsFormat);
        }

        public Options withRejects(Path file, RejectsFormat format) {
            return new Options(dryRun, keepFileOrder, batchSize, file, format);
        }

        public Options withBatchSize(int size) {
            return new Options(dryRun, keepFileOrder, size, rejectsFile, rejectsFormat);
        }
    }

    private final UndatedPolicy undatedPolicy;
    private final Options options;
    private final Progress progress;
    private final Supplier<RecordSink> sinks;
    private final Clock clock;

    /** @param progressOut where progress lines go (stderr for the command line) */
    public JsonlPublisher(AppConfig config, Options options, PrintStream progressOut) {
        this(config, options, new Progress(progressOut, Progress.DEFAULT_EVERY));
    }

    private JsonlPublisher(AppConfig config, Options options, Progress progress) {
        this(UndatedPolicy.from(config), options, progress,
                () -> KafkaRecordSink.open(config, TRANSACTIONAL_ID_PREFIX, options.batchSize(), progress),
                Clock.systemUTC());
    }

    /** For tests: any sink, a fixed clock. */
    JsonlPublisher(UndatedPolicy undatedPolicy, Options options, Progress progress, Supplier<RecordSink> sinks, Clock clock) {
        this.undatedPolicy = undatedPolicy;
        this.options = options;
        this.progress = progress;
        this.sinks = sinks;
        this.clock = clock;
    }

    /**
     * Event-time order, ties in file order (List.sort is stable): state facts dated earlier reach the
     * topics before the events that are scored against them. Structural facts are stamped at the start of
     * history, so they go first.
     */
    public static void sortInPublishOrder(List<LineResult.Mapped> mapped) {
        mapped.sort(Comparator.comparing(LineResult.Mapped::eventTime));
    }

    /**
     * Record timestamps that rise strictly in publish order: the event time, or one millisecond after the
     * previous record's when event times tie (date-only news is all stamped at midnight). Streams merges
     * the input topics of a task by record timestamp and breaks ties by whichever fetch came back first, so
     * a policy and a price of the same day could be processed in either order, and the price-spike signal
     * read differently in a replay after a crash. Distinct timestamps make every replay take the publish
     * order; the events' own event times are unchanged.
     */
    static List<Instant> recordTimestamps(List<LineResult.Mapped> inPublishOrder) {
        return strictlyRising(inPublishOrder.stream().map(LineResult.Mapped::eventTime).toList());
    }

    /** Each time, or one millisecond after the previous result when it would not be later. */
    public static List<Instant> strictlyRising(List<Instant> times) {
        List<Instant> out = new java.util.ArrayList<>(times.size());
        Instant previous = null;
        for (Instant t : times) {
            if (previous != null && !t.isAfter(previous)) t = previous.plusMillis(1);
            out.add(t);
            previous = t;
        }
        return out;
    }

    /** @throws IOException when the file cannot be read or the rejects report cannot be written */
    public PublishReport publish(Path file) throws IOException {
        Instant publishTime = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<Utf8Lines.Line> lines = Utf8Lines.read(file);
        ReportBuilder report = new ReportBuilder().totalLines(lines.size())
                .source(file.getFileName().toString(), Utf8Lines.textOf(lines));
        List<LineResult.Mapped> mapped = map(lines, publishTime, report);
        if (!options.keepFileOrder()) {
            sortInPublishOrder(mapped);
        }
        List<Instant> timestamps = options.keepFileOrder() ? mapped.stream().map(LineResult.Mapped::eventTime).toList() : recordTimestamps(mapped);
        List<OutgoingRecord> records = new java.util.ArrayList<>(mapped.size());
        for (int i = 0; i < mapped.size(); i++) {
            LineResult.Mapped m = mapped.get(i);
            records.add(new OutgoingRecord(m.topic(), m.key(), m.value(), timestamps.get(i), List.of(new SourceLine(m.lineNumber(), m.eventId()))));
        }
        RecordDelivery.Outcome outcome = RecordDelivery.deliver(records, options.dryRun(), sinks, report);
        noteUndated(mapped, outcome.failedLines(), publishTime, report);
        noteUnclassified(mapped, report);
        PublishReport result = report.build(options.dryRun());
        if (options.rejectsFile() != null) {
            RejectsReport.write(options.rejectsFile(), result.rejected(), options.rejectsFormat());
        }
        return result;
    }

    private List<LineResult.Mapped> map(List<Utf8Lines.Line> lines, Instant publishTime, ReportBuilder report) {
        ReferenceLineMapper mapper = new ReferenceLineMapper(undatedPolicy, publishTime);
        List<LineResult.Mapped> mapped = new ArrayList<>();
        int done = 0;
        for (Utf8Lines.Line line : lines) {
            if (line.text() == null) {
                report.rejected(line.number(), null, line.error());
            } else if (line.isBlank()) {
                report.blank();
            } else {
                switch (mapper.map(line.text(), line.number())) {
                    case LineResult.Mapped m -> mapped.add(m);
                    case Rejection r -> report.rejected(r);
                }
            }
            progress.step("mapped", done, ++done, lines.size());
        }
        return mapped;
    }

    /** Policy lines whose wording the lexicon does not read: published, scored unclassified downstream, counted here by subtype. */
    private static void noteUnclassified(List<LineResult.Mapped> mapped, ReportBuilder report) {
        java.util.Map<String, Integer> bySubtype = new java.util.TreeMap<>();
        for (LineResult.Mapped m : mapped) {
            if (m.value() instanceof io.supplyshock.schema.PolicyEvent p
                    && !Vocabulary.policy(p.getRawSubtype(), p.getValue(), p.getPreviousValue()).known()) {
                bySubtype.merge(p.getRawSubtype(), 1, Integer::sum);
            }
        }
        if (!bySubtype.isEmpty()) {
            report.warning(bySubtype.values().stream().mapToInt(Integer::intValue).sum() + " policy line(s) use wording the lexicon"
                    + " does not know and will be scored as unclassified (no shock): " + bySubtype
                    + "; extend the lexicon (see 'supplyshock lexicon --help')");
        }
    }

    private static void noteUndated(List<LineResult.Mapped> mapped, Set<Integer> failedLines, Instant publishTime, ReportBuilder report) {
        List<String> undatedIds = mapped.stream()
                .filter(m -> m.undated() && !failedLines.contains(m.lineNumber()))
                .map(m -> m.eventId() + " (line " + m.lineNumber() + ")")
                .toList();
        if (!undatedIds.isEmpty()) {
            report.undated(undatedIds.size());
            String listed = String.join(", ", undatedIds.subList(0, Math.min(MAX_LISTED, undatedIds.size())))
                    + (undatedIds.size() > MAX_LISTED ? ", ... " + (undatedIds.size() - MAX_LISTED) + " more" : "");
            report.warning(undatedIds.size() + " line(s) had no date and were given the publish time " + publishTime
                    + " as event time (publish.undated=publish-time): " + listed);
        }
    }

    /** A publish step that may fail to read its input or write its report. */
    @FunctionalInterface
    public interface PublishStep {
        PublishReport run() throws IOException;
    }

    /** Runs a publish step and turns its report into the tools' output and exit status. */
    public static int run(Path file, PublishStep step, PrintStream out, PrintStream err) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            String why = Files.isDirectory(file) ? "is a directory, not a file" : Files.exists(file) ? "not a readable file" : "no such file";
            err.println("error: cannot read " + file + ": " + why);
            return 1;
        }
        PublishReport report;
        try {
            report = step.run();
        } catch (NoSuchFileException e) {
            err.println("error: no such file " + e.getFile());
            return 1;
        } catch (IOException e) {
            // NIO messages are often just the path; the exception type says what went wrong
            err.println("error: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return 1;
        }
        report.warnings().forEach(w -> err.println("warning: " + w));
        out.println(report.summary());
        if (!report.completed()) {
            err.println("error: " + report.fatalError());
            return 1;
        }
        return 0;
    }
}
