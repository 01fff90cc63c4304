package io.supplyshock.alerting;

import io.supplyshock.schema.Alert;
import io.supplyshock.schema.Severity;
import io.supplyshock.schema.internal.AlertLedgerEntry;
import io.supplyshock.schema.internal.SituationRef;
import io.supplyshock.schema.internal.StorylineSlice;
import io.supplyshock.topics.Shock;
import io.supplyshock.topics.SituationKey;
import io.supplyshock.topics.StoreNames;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Finds each shock's situation within its storyline's slice of its commodity ({@link Situations#match}), applies
 * {@link AlertDecision} with the ledger of what was alerted for that situation, and links every alert to the earlier
 * alerts of its slice. Runs in the task that reads the commodity's events, so an alert is written in the same commit
 * as the event that raised it; the storyline across commodities is counted after it ({@link StorylineTopology}).
 */
final class AlertDeduplicator implements FixedKeyProcessor<String, Shock, Alert> {

    private static final Logger LOG = LoggerFactory.getLogger(AlertDeduplicator.class);

    private final Severity minSeverity;
    private final Consumer<Alert> onAlert;
    private FixedKeyProcessorContext<String, Alert> context;
    private KeyValueStore<String, AlertLedgerEntry> ledger;
    private KeyValueStore<String, StorylineSlice> slices;

    public AlertDeduplicator(Severity minSeverity, Consumer<Alert> onAlert) {
        this.minSeverity = minSeverity;
        this.onAlert = onAlert;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Alert> context) {
        this.context = context;
        this.ledger = context.getStateStore(StoreNames.ALERT_LEDGER);
        this.slices = context.getStateStore(StoreNames.STORYLINE_SLICES);
    }

    @Override
    public void process(FixedKeyRecord<String, Shock> record) {
        Shock reported = record.value();
        Shock shock = reported;
        String storyline = shock.storyline();
        String sliceKey = storyline == null ? null : new SituationKey.Slice(storyline, shock.commodity()).value();
        StorylineSlice slice = sliceKey == null ? null : slices.get(sliceKey);
        SituationRef situation = null;
        if (storyline != null) {
            situation = Situations.match(slice, reported).orElseGet(() -> Situations.open(reported));
            shock = shock.toBuilder().dedupKey(situation.getKey()).build();
        }
        AlertDecision.Outcome outcome = AlertDecision.decide(ledger.get(shock.dedupKey()), shock, minSeverity, Instant.now());
        if (outcome.ledger() != null) {
            ledger.put(shock.dedupKey(), outcome.ledger());
        }
        Optional<Alert> alert = outcome.alert();
        if (storyline != null) {
            slice = Situations.record(slice, storyline, situation, shock.eventId());
            if (alert.isPresent()) {
                Alert linked = Alert.newBuilder(alert.get()).setStorylineId(storyline).setStorylineSequence(slice.getAlertCount() + 1)
                        .setRelatedAlertIds(List.copyOf(slice.getAlertIds())).build();
                slice = Situations.alerted(slice, linked.getAlertId());
                alert = Optional.of(linked);
            }
            slices.put(sliceKey, slice);
        } else if (alert.isPresent() && shock.kind() == Shock.Kind.DEADLINE) {
            // A milestone belongs to its measure's storyline; it is keyed by its own milestone, so it names the
            // storyline without a place in it (the slices live in the commodity's task); supply.storylines lists it.
            alert = Optional.of(Alert.newBuilder(alert.get())
                    .setStorylineId(SituationKey.storyline(shock.group(), shock.issuerCountry(), shock.commodity())).build());
        }
        String eventId = shock.eventId();
        String reason = outcome.reason();
        alert.ifPresentOrElse(a -> {
            LOG.info("alert {} {} {} score={} commodity={} ({})", a.getAlertId(), a.getAlertType(), a.getSeverity(),
                    a.getScore(), a.getCommodity(), reason);
            onAlert.accept(a);
            context.forward(record.withValue(a));
        }, () -> LOG.debug("no alert for {}: {}", eventId, reason));
    }
}
