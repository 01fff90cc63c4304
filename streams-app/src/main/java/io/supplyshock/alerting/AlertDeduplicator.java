package io.supplyshock.alerting;

import io.supplyshock.schema.Alert;
import io.supplyshock.schema.Severity;
import io.supplyshock.schema.internal.AlertLedgerEntry;
import io.supplyshock.schema.internal.ScoredShock;
import io.supplyshock.topics.StoreNames;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.function.Consumer;

/** Applies {@link AlertDecision} per situation, with the ledger of what was alerted kept in a store. */
public final class AlertDeduplicator implements FixedKeyProcessor<String, ScoredShock, Alert> {

    private static final Logger LOG = LoggerFactory.getLogger(AlertDeduplicator.class);

    private final Severity minSeverity;
    private final Consumer<Alert> onAlert;
    private FixedKeyProcessorContext<String, Alert> context;
    private KeyValueStore<String, AlertLedgerEntry> ledger;

    public AlertDeduplicator(Severity minSeverity, Consumer<Alert> onAlert) {
        this.minSeverity = minSeverity;
        this.onAlert = onAlert;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Alert> context) {
        this.context = context;
        this.ledger = context.getStateStore(StoreNames.ALERT_LEDGER);
    }

    @Override
    public void process(FixedKeyRecord<String, ScoredShock> record) {
        ScoredShock shock = record.value();
        AlertDecision.Outcome outcome = AlertDecision.decide(ledger.get(record.key()), shock, minSeverity, Instant.now());
        if (outcome.ledger() != null) {
            ledger.put(record.key(), outcome.ledger());
        }
        outcome.alert().ifPresentOrElse(alert -> {
            LOG.info("alert {} {} {} score={} commodity={} ({})", alert.getAlertId(), alert.getAlertType(), alert.getSeverity(),
                    alert.getScore(), alert.getCommodity(), outcome.reason());
            onAlert.accept(alert);
            context.forward(record.withValue(alert));
        }, () -> LOG.debug("no alert for {}: {}", shock.getEventId(), outcome.reason()));
    }
}
