package io.supplyshock.alerting;

import io.supplyshock.schema.Alert;
import io.supplyshock.schema.Severity;
import io.supplyshock.schema.internal.AlertLedgerEntry;
import io.supplyshock.schema.internal.SituationRef;
import io.supplyshock.schema.internal.StorylineSlice;
import io.supplyshock.topics.Shock;
import io.supplyshock.topics.SituationKey;
import io.supplyshock.topics.StageApi;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What one shock does to the alerts, as a value: its situation within its storyline's slice ({@link Situations#match}),
 * the {@link AlertDecision} against that situation's ledger, the alert linked to the earlier alerts of its slice, and
 * the ledger and slice entries to write. Writes nothing itself: the pipeline's deduplicator writes them, a what-if
 * scenario keeps them in a private copy.
 *
 * <p>A situation of a storyline keeps its ledger inside the slice ({@code SituationRef.ledger}), so a report writes
 * one record; the ledger store holds the situations without a storyline (market signals, deadline milestones).
 */
@StageApi
public final class AlertStep {

    /**
     * @param ledgerKey the situation's key in the ledger store; {@code ledger} its new entry there, null: leave it as it
     *                  is (always null for a shock with a storyline, whose ledger lives in the slice)
     * @param sliceKey  the storyline slice's key (null: the shock has no storyline); {@code slice} its new value
     */
    public record Step(Optional<Alert> alert, String reason, String ledgerKey, AlertLedgerEntry ledger, String sliceKey, StorylineSlice slice) {
    }

    private AlertStep() {
    }

    /**
     * @param ledgers the ledger-store entry of a situation key without a storyline (null: none)
     * @param slices  the storyline slice of a slice key (null: none)
     */
    public static Step decide(Function<String, AlertLedgerEntry> ledgers, Function<String, StorylineSlice> slices, Shock reported,
                              Severity minSeverity, Instant now) {
        Shock shock = reported;
        String storyline = shock.storyline();
        String sliceKey = storyline == null ? null : new SituationKey.Slice(storyline, shock.commodity()).value();
        StorylineSlice slice = sliceKey == null ? null : slices.apply(sliceKey);
        SituationRef situation = null;
        if (storyline != null) {
            situation = Situations.match(slice, reported).orElseGet(() -> Situations.open(reported));
            shock = shock.toBuilder().dedupKey(situation.getKey()).build();
        }
        AlertLedgerEntry before = situation != null ? situation.getLedger() : ledgers.apply(shock.dedupKey());
        AlertDecision.Outcome outcome = AlertDecision.decide(before, shock, minSeverity, now);
        Optional<Alert> alert = outcome.alert();
        if (storyline != null) {
            if (outcome.ledger() != null) situation = Situations.withLedger(situation, outcome.ledger());
            slice = Situations.record(slice, storyline, situation, shock.eventId());
            if (alert.isPresent()) {
                // The decision built this alert for this step alone: linking it in place spares a deep copy of it.
                Alert linked = alert.get();
                linked.setStorylineId(storyline);
                linked.setStorylineSequence(slice.getAlertCount() + 1);
                linked.setRelatedAlertIds(List.copyOf(slice.getAlertIds()));
                slice = Situations.alerted(slice, linked.getAlertId());
                alert = Optional.of(linked);
            }
        } else if (alert.isPresent() && shock.kind() == Shock.Kind.DEADLINE) {
            // A milestone belongs to its measure's storyline; it is keyed by its own milestone, so it names the
            // storyline without a place in it (the slices live in the commodity's task); supply.storylines lists it.
            alert = Optional.of(Alert.newBuilder(alert.get())
                    .setStorylineId(SituationKey.storyline(shock.group(), shock.issuerCountry(), shock.commodity())).build());
        }
        return new Step(alert, outcome.reason(), shock.dedupKey(), storyline == null ? outcome.ledger() : null, sliceKey, slice);
    }
}
