package io.supplyshock.profiles;

import io.supplyshock.schema.CommoditySupplyProfile;
import io.supplyshock.config.AppConfig;
import io.supplyshock.publish.JsonlPublisher;
import io.supplyshock.publish.KafkaRecordSink;
import io.supplyshock.publish.OutgoingRecord;
import io.supplyshock.publish.Progress;
import io.supplyshock.publish.PublishReport;
import io.supplyshock.publish.RecordDelivery;
import io.supplyshock.publish.RecordSink;
import io.supplyshock.events.Rejection;
import io.supplyshock.publish.RejectsFormat;
import io.supplyshock.publish.RejectsReport;
import io.supplyshock.publish.ReportBuilder;
import io.supplyshock.publish.SourceLine;
import io.supplyshock.publish.Utf8Lines;
import io.supplyshock.topics.Topics;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
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

    /** Transactional ids of profile and baseline runs start with this; the secure stack's ACLs allow it to the publisher. */
    public static final String TRANSACTIONAL_ID_PREFIX = "supplyshock-profile-publisher";

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
        return deliver(file, records, read.totalLines(), read.blankLines(), read.rejects());
    }

    public PublishReport publishCommodityProfiles(Path file) throws IOException {
        CommoditySupplyProfileFile.Result read = CommoditySupplyProfileFile.read(file);
        List<OutgoingRecord> records = read.groups().stream()
                .map(g -> new OutgoingRecord(Topics.COMMODITY_PROFILES, g.profile().getCommodity(), g.profile(),
                        g.profile().getAsOf() == null ? null : g.profile().getAsOf().atStartOfDay(ZoneOffset.UTC).toInstant(),
                        g.lines()))
                .toList();
        return deliver(file, records, read.totalLines(), read.blankLines(), read.rejects());
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
        return deliver(null, records, records.size(), 0, List.of());
    }

    /** @param file the file the records and rejects come from, for the rejects report; null for none */
    private PublishReport deliver(Path file, List<OutgoingRecord> records, int totalLines, int blankLines,
                                  List<Rejection> rejects) throws IOException {
        ReportBuilder report = new ReportBuilder().totalLines(totalLines);
        if (file != null) {
            report.source(file.getFileName().toString(), Utf8Lines.textOf(file));
        }
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
}
