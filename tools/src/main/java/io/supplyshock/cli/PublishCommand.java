package io.supplyshock.cli;

import io.supplyshock.config.AppConfig;
import io.supplyshock.publish.JsonlPublisher;
import io.supplyshock.events.Lexicon;
import io.supplyshock.events.Vocabulary;
import io.supplyshock.publish.PublishReport;
import io.supplyshock.publish.RunReports;
import io.supplyshock.events.UndatedPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;


@Command(name = "publish",
        description = {"Publishes a JSON Lines file of facts (the reference format) to supply.policy-events, "
                + "supply.market-events and supply.disruption-events, sorted by event time, in Kafka "
                + "transactions of N records."},
        footer = {"Exit status: 0 every line published, rejected with a reason or blank; 1 file unreadable or"
                + " Kafka/registry unreachable; 2 bad arguments."})
final class PublishCommand extends SubCommand {

    @Mixin
    PublishOptions input;

    @Option(names = "--keep-file-order", description = "publish in file order instead of event-time order")
    boolean keepFileOrder;

    @Option(names = "--batch-size", paramLabel = "N", converter = PositiveInt.class, defaultValue = "" + JsonlPublisher.DEFAULT_BATCH_SIZE,
            description = "records per Kafka transaction (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--lexicon", paramLabel = "FILE",
            description = "a policy lexicon file laid over the shipped one (default: the setting publish.lexicon.file)")
    java.nio.file.Path lexicon;

    @Override
    public Integer call() {
        AppConfig config = config();
        try {
            UndatedPolicy.from(config); // fail on a bad setting before reading anything
            java.nio.file.Path overlay = lexicon != null ? lexicon : LexiconSetting.file(config);
            if (overlay != null) Vocabulary.use(Lexicon.withOverlay(overlay));
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            throw usageError(e.getMessage());
        }
        JsonlPublisher.Options options = JsonlPublisher.Options.defaults()
                .withDryRun(input.dryRun)
                .withKeepFileOrder(keepFileOrder)
                .withBatchSize(batchSize)
                .withRejects(input.rejects, input.rejectsFormat);
        return JsonlPublisher.run(input.file, () -> {
            PublishReport report = new JsonlPublisher(config, options, err()).publish(input.file);
            if (!input.dryRun) {
                RunReports.send(config, RunReports.of("events", input.file, report), err());
            }
            return report;
        }, out(), err());
    }
}
