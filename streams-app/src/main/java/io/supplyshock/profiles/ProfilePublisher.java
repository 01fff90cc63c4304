package io.supplyshock.profiles;

import io.supplyshock.schema.CommoditySupplyProfile;
import io.supplyshock.config.AppConfig;
import io.supplyshock.publish.CliArgs;
import io.supplyshock.publish.JsonlPublisher;
import io.supplyshock.publish.KafkaRecordSink;
import io.supplyshock.publish.OutgoingRecord;
import io.supplyshock.publish.Progress;
import io.supplyshock.publish.PublishReport;
import io.supplyshock.publish.RecordDelivery;
import io.supplyshock.publish.RecordSink;
import io.supplyshock.publish.Rejection;
import io.supplyshock.publish.RejectsFormat;
import io.supplyshock.publish.RejectsReport;
import io.supplyshock.publish.ReportBuilder;
import io.supplyshock.publish.SourceLine;
import io.supplyshock.topics.Topics;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Publishes reference data: exposure profiles to {@code supply.exposure-profiles} (key: profile id)
 * and commodity supply profiles to {@code supply.commodity-profiles} (key: commodity), with the same
 * transactional producer and the same per-line report as the event publisher.
 *
 * <p>Record timestamps: exposure profiles carry no date, so they get the send time; a commodity
 * profile is stamped with its as-of date (the date its shares describe), or the send time without one.
 */
public final class ProfilePublisher {

    static final String TRANSACTIONAL_ID_PREFIX = "supplyshock-profile-publisher";

    /** @param rejectsFile where to write rejected lines; null for none */
    public record Options(boolean dryRun, Path rejectsFile, RejectsFormat rejectsFormat) {
        public static Options defaults() {
            return new Options(false, null, RejectsFormat.JSONL);
        }
    }

    private final Options options;
    private final Supplier<RecordSink> sinks;

    public ProfilePublisher(AppConfig config, Options options, PrintStream progressOut) {
        this(options, () -> KafkaRecordSink.open(config, TRANSACTIONAL_ID_PREFIX, JsonlPublisher.DEFAULT_BATCH_SIZE,
                new Progress(progressOut, Progress.DEFAULT_EVERY)));
    }

    /** For tests: any sink. */
    ProfilePublisher(Options options, Supplier<RecordSink> sinks) {
        this.options = options;
        this.sinks = sinks;
    }

    public PublishReport publishExposureProfiles(Path file) throws IOException {
        ExposureProfileFile.Result read = ExposureProfileFile.read(file);
        List<OutgoingRecord> records = read.entries().stream()
                .map(e -> new OutgoingRecord(Topics.EXPOSURE_PROFILES, e.profile().getProfileId(), e.profile(), null,
                        List.of(new SourceLine(e.line(), e.profile().getProfileId()))))
                .toList();
        return deliver(records, read.totalLines(), read.blankLines(), read.rejects());
    }

    public PublishReport publishCommodityProfiles(Path file) throws IOException {
        CommoditySupplyProfileFile.Result read = CommoditySupplyProfileFile.read(file);
        List<OutgoingRecord> records = read.groups().stream()
                .map(g -> new OutgoingRecord(Topics.COMMODITY_PROFILES, g.profile().getCommodity(), g.profile(),
                        g.profile().getAsOf() == null ? null : g.profile().getAsOf().atStartOfDay(ZoneOffset.UTC).toInstant(),
                        g.lines()))
                .toList();
        return deliver(records, read.totalLines(), read.blankLines(), read.rejects());
    }

    /** The world-supply baseline (shipped, with the user's folders laid over it), one record per commodity and alias. */
    public PublishReport publishBaseline(List<Path> folders, boolean withShipped) throws IOException {
        List<CommoditySupplyProfile> profiles = WorldBaselineFile.read(folders, withShipped);
        List<OutgoingRecord> records = new java.util.ArrayList<>();
        for (int i = 0; i < profiles.size(); i++) {
            CommoditySupplyProfile p = profiles.get(i);
            records.add(new OutgoingRecord(Topics.COMMODITY_PROFILES, p.getCommodity(), p,
                    p.getAsOf() == null ? null : p.getAsOf().atStartOfDay(ZoneOffset.UTC).toInstant(),
                    List.of(new SourceLine(i + 1, p.getCommodity()))));
        }
        return deliver(records, records.size(), 0, List.of());
    }

    private PublishReport deliver(List<OutgoingRecord> records, int totalLines, int blankLines,
                                  List<Rejection> rejects) throws IOException {
        ReportBuilder report = new ReportBuilder().totalLines(totalLines);
        for (int i = 0; i < blankLines; i++) {
            report.blank();
        }
        rejects.forEach(report::rejected);
        RecordDelivery.deliver(records, options.dryRun(), sinks, report);
        PublishReport result = report.build(options.dryRun());
        if (options.rejectsFile() != null) {
            RejectsReport.write(options.rejectsFile(), result.rejected(), options.rejectsFormat());
        }
        return result;
    }

    // ---- command line ------------------------------------------------------------------------

    private static final String CONVERT_USAGE = """
            usage: convert-entities SEED_ENTITIES.jsonl --out FILE.jsonl|FILE.csv
              Derives default exposure profiles (one per entity and commodity, weight by role) from a
              seed-entities file and writes them in the user format, to review and edit before publishing.""";

    private static final String PUBLISH_USAGE = """
            usage: publish-profiles FILE.jsonl|FILE.csv [--rejects FILE] [--rejects-format jsonl|csv] [--dry-run]
              Publishes exposure profiles (columns %s)
              to supply.exposure-profiles, keyed by entity_id|commodity|country.
            exit status: 0 every row published, rejected with a reason or blank; 1 file unreadable or
              Kafka/registry unreachable; 2 bad arguments""".formatted(String.join(",", ExposureProfileFile.COLUMNS));

    private static final String COMMODITY_USAGE = """
            usage: publish-commodity-profiles FILE.jsonl|FILE.csv [--rejects FILE] [--rejects-format jsonl|csv] [--dry-run]
              Publishes commodity supply profiles (columns %s), one record per commodity,
              to supply.commodity-profiles, keyed by commodity.
            exit status: 0 every row published, rejected with a reason or blank; 1 file unreadable or
              Kafka/registry unreachable; 2 bad arguments""".formatted(String.join(",", CommoditySupplyProfileFile.COLUMNS));

    private static final String BASELINE_USAGE = """
            usage: publish-baseline [FOLDER...] [--no-default] [--dry-run]
              Publishes the world-supply baseline (reference-data/: supply shares, demand and import reliance,
              market size, aliases) to supply.commodity-profiles, one record per commodity, stamped at its as-of
              date. The copy shipped in the jar is published unless --no-default; rows of each FOLDER (holding
              world-supply-shares.csv, demand.csv and/or aliases.csv) replace the shipped rows they repeat.
            exit status: 0 published; 1 a file unreadable or invalid, or Kafka/registry unreachable; 2 bad arguments""";

    public static int runPublishBaselineCli(String[] args, AppConfig config, PrintStream out, PrintStream err) {
        if (CliArgs.wantsHelp(args)) {
            out.println(BASELINE_USAGE);
            return 0;
        }
        CliArgs cli;
        try {
            cli = CliArgs.parse(args, Set.of("--dry-run", "--no-default"), Set.of());
            if (cli.flag("--no-default") && cli.positionals().isEmpty()) throw new CliArgs.UsageException("--no-default needs at least one FOLDER");
        } catch (CliArgs.UsageException e) {
            err.println("error: " + e.getMessage());
            err.println(BASELINE_USAGE);
            return 2;
        }
        List<Path> folders = cli.positionals().stream().map(Path::of).toList();
        ProfilePublisher publisher = new ProfilePublisher(config, new Options(cli.flag("--dry-run"), null, RejectsFormat.JSONL), err);
        try {
            PublishReport report = publisher.publishBaseline(folders, !cli.flag("--no-default"));
            out.println(report.summary().replace(" lines:", " commodity profiles:"));
            if (!report.completed()) {
                err.println("error: " + report.fatalError());
                return 1;
            }
            return 0;
        } catch (IllegalArgumentException | IOException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }

    /** {@code SEED_ENTITIES.jsonl --out FILE.jsonl}: 0 written, 1 unreadable input or unwritable output, 2 bad arguments. */
    public static int runConvertCli(String[] args, PrintStream out, PrintStream err) {
        if (CliArgs.wantsHelp(args)) {
            out.println(CONVERT_USAGE);
            return 0;
        }
        Path input;
        Path output;
        try {
            CliArgs cli = CliArgs.parse(args, Set.of(), Set.of("--out"));
            if (cli.positionals().size() != 1) {
                throw new CliArgs.UsageException(cli.positionals().isEmpty() ? "missing SEED_ENTITIES.jsonl" : "expected one input file, got " + cli.positionals());
            }
            if (cli.value("--out") == null) {
                throw new CliArgs.UsageException("missing --out FILE");
            }
            input = Path.of(cli.positionals().get(0));
            output = Path.of(cli.value("--out"));
        } catch (CliArgs.UsageException e) {
            err.println("error: " + e.getMessage());
            err.println(CONVERT_USAGE);
            return 2;
        }
        if (!Files.isRegularFile(input) || !Files.isReadable(input)) {
            err.println("error: cannot read " + input + ": " + (Files.exists(input) ? "not a readable file" : "no such file"));
            return 1;
        }
        try {
            SeedEntityConverter.Conversion conversion = new SeedEntityConverter().convert(input);
            conversion.write(output);
            conversion.skipped().forEach(s -> err.println("skipped line " + s.line()
                    + (s.name() == null ? "" : " (" + s.name() + ")") + ": " + s.skipReason()));
            conversion.notes().forEach(n -> err.println("note: " + n));
            out.println(conversion.summary() + "; written to " + output);
            return 0;
        } catch (IOException e) {
            err.println("error: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return 1;
        }
    }

    /** {@code FILE.(jsonl|csv) [--rejects FILE] [--rejects-format jsonl|csv] [--dry-run]} for exposure profiles. */
    public static int runPublishCli(String[] args, AppConfig config, PrintStream out, PrintStream err) {
        return runPublish(args, config, out, err, PUBLISH_USAGE, false);
    }

    /** Same shape as {@link #runPublishCli} for commodity supply profiles. */
    public static int runPublishCommodityProfilesCli(String[] args, AppConfig config, PrintStream out, PrintStream err) {
        return runPublish(args, config, out, err, COMMODITY_USAGE, true);
    }

    private static int runPublish(String[] args, AppConfig config, PrintStream out, PrintStream err, String usage, boolean commodity) {
        if (CliArgs.wantsHelp(args)) {
            out.println(usage);
            return 0;
        }
        Path file;
        Options options;
        try {
            CliArgs cli = CliArgs.parse(args, Set.of("--dry-run"), Set.of("--rejects", "--rejects-format"));
            if (cli.positionals().size() != 1) {
                throw new CliArgs.UsageException(cli.positionals().isEmpty() ? "missing FILE" : "expected one FILE, got " + cli.positionals());
            }
            file = Path.of(cli.positionals().get(0));
            RejectsFormat format = RejectsFormat.fromOption(cli.value("--rejects-format"));
            options = new Options(cli.flag("--dry-run"), cli.value("--rejects") == null ? null : Path.of(cli.value("--rejects")), format);
        } catch (CliArgs.UsageException e) {
            err.println("error: " + e.getMessage());
            err.println(usage);
            return 2;
        }
        ProfilePublisher publisher = new ProfilePublisher(config, options, err);
        return JsonlPublisher.run(file, commodity ? () -> publisher.publishCommodityProfiles(file)
                : () -> publisher.publishExposureProfiles(file), out, err);
    }
}
