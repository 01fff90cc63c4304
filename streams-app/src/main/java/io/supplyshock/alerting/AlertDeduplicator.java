package io.supplyshock.alerting;

import io.supplyshock.schema.Alert;
import io.supplyshock.schema.Severity;
import io.supplyshock.schema.internal.AlertLedgerEntry;
import io.supplyshock.schema.internal.SituationRef;
import io.supplyshock.schema.internal.StorylineEntry;
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
 * Finds each shock's situation within its storyline ({@link Situations#match}), applies {@link AlertDecision}
 * with the ledger of what was alerted for that situation, and links every alert to the storyline's earlier
 * alerts. Runs on shocks partitioned by storyline, so all situations of a storyline meet in one task.
 */
final class AlertDeduplicator implements FixedKeyProcessor<String, Shock, Alert> {

    private static final Logger LOG = LoggerFactory.getLogger(AlertDeduplicator.class);

    private final Severity minSeverity;
    private final Consumer<Alert> onAlert;
    private FixedKeyProcessorContext<String, Alert> context;
    private KeyValueStore<String, AlertLedgerEntry> ledger;
    private KeyValueStore<String, StorylineEntry> storylines;

    public AlertDeduplicator(Severity minSeverity, Consumer<Alert> onAlert) {
        this.minSeverity = minSeverity;
        this.onAlert = onAlert;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Alert> context) {
        this.context = context;
        this.ledger = context.getStateStore(StoreNames.ALERT_LEDGER);
        this.storylines = context.getStateStore(StoreNames.STORYLINES);
    }

    @Override
    public void process(FixedKeyRecord<String, Shock> record) {
        Shock reported = record.value();
        Shock shock = reported;
        String storyline = shock.storyline();
        StorylineEntry story = storyline == null ? null : storylines.get(storyline);
        SituationRef situation = null;
        if (storyline != null) {
            situation = Situations.match(story, reported).orElseGet(() -> Situations.open(reported));
            shock = shock.toBuilder().dedupKey(situation.getKey()).build();
        }
        AlertDecision.Outcome outcome = AlertDecision.decide(ledger.get(shock.dedupKey()), shock, minSeverity, Instant.now());
        if (outcome.ledger() != null) {
            ledger.put(shock.dedupKey(), outcome.ledger());
        }
        Optional<Alert> alert = outcome.alert();
        if (storyline != null) {
            story = Situations.record(story, storyline, situation, shock.eventId());
            if (alert.isPresent()) {
                Alert linked = Alert.newBuilder(alert.get()).setStorylineId(storyline).setStorylineSequence(story.getAlertCount() + 1)
                        .setRelatedAlertIds(List.copyOf(story.getAlertIds())).build();
                story = Situations.alerted(story, linked.getAlertId());
                alert = Optional.of(linked);
            }
            storylines.put(storyline, story);
        } else if (alert.isPresent() && shock.kind() == Shock.Kind.DEADLINE) {
            // A milestone belongs to its measure's storyline; it is keyed by its own milestone, so it names the
            // storyline without listing the storyline's other alerts (they live in another task's store).
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
