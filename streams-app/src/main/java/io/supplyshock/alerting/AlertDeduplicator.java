package io.supplyshock.alerting;

import io.supplyshock.schema.Alert;
import io.supplyshock.schema.Severity;
import io.supplyshock.schema.internal.AlertLedgerEntry;
import io.supplyshock.schema.internal.StorylineSlice;
import io.supplyshock.topics.AlertPartitioning;
import io.supplyshock.topics.Shock;
import io.supplyshock.topics.StoreNames;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.function.Consumer;

/**
 * Applies each shock's {@link AlertStep} (its situation within its storyline's slice, {@link AlertDecision} with the
 * ledger of that situation, the alert linked to the earlier alerts of its slice) and writes the ledger and slice. Runs in the task that reads the commodity's events, so an alert is written in the same commit
 * as the event that raised it; the storyline across commodities is counted after it ({@link StorylineTopology}).
 */
final class AlertDeduplicator implements FixedKeyProcessor<String, Shock, Alert> {

    private static final Logger LOG = LoggerFactory.getLogger(AlertDeduplicator.class);

    private final Severity minSeverity;
    private final Consumer<Alert> onAlert;
    private FixedKeyProcessorContext<String, Alert> context;
    private KeyValueStore<String, AlertLedgerEntry> ledger;
    private KeyValueStore<String, StorylineSlice> slices;
    private AlertCommitPacer pacer;

    public AlertDeduplicator(Severity minSeverity, Consumer<Alert> onAlert) {
        this.minSeverity = minSeverity;
        this.onAlert = onAlert;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Alert> context) {
        this.context = context;
        this.ledger = context.getStateStore(StoreNames.ALERT_LEDGER);
        this.slices = context.getStateStore(StoreNames.STORYLINE_SLICES);
        // Only the app puts a pacer in its config; test drivers and the offline evaluation commit as Streams does.
        this.pacer = context.appConfigs().get(AlertCommitPacer.CONFIG_KEY) instanceof AlertCommitPacer configured ? configured : null;
    }

    @Override
    public void process(FixedKeyRecord<String, Shock> record) {
        AlertStep.Step step = AlertStep.decide(ledger::get, slices::get, record.value(), minSeverity, Instant.now());
        if (step.ledger() != null) ledger.put(step.ledgerKey(), step.ledger());
        if (step.sliceKey() != null) slices.put(step.sliceKey(), step.slice());
        String eventId = record.value().eventId();
        String reason = step.reason();
        step.alert().ifPresentOrElse(a -> {
            LOG.info("alert {} {} {} score={} commodity={} ({})", a.getAlertId(), a.getAlertType(), a.getSeverity(),
                    a.getScore(), a.getCommodity(), reason);
            onAlert.accept(a);
            context.forward(record.withValue(a).withHeaders(AlertPartitioning.marked(record.headers())));
            if (pacer != null && pacer.commitNow(context.currentSystemTimeMs())) context.commit();
        }, () -> LOG.debug("no alert for {}: {}", eventId, reason));
    }
}
