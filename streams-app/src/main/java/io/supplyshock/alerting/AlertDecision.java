package io.supplyshock.alerting;

import io.supplyshock.schema.Alert;
import io.supplyshock.schema.AlertType;
import io.supplyshock.schema.Severity;
import io.supplyshock.schema.ShockDirection;
import io.supplyshock.schema.internal.AlertLedgerEntry;
import io.supplyshock.topics.Shock;
import io.supplyshock.topics.SituationKey;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether a scored shock becomes an alert, given the ledger of what was already alerted for its situation:
 * <ul>
 *   <li>no ledger yet: the situation opens with one alert if the shock reaches the minimum severity, a SHOCK, the
 *       signal's or deadline's own type, or a DE_ESCALATION for a relief of a measure that was never alerted;</li>
 *   <li>a report the situation already holds (a redelivery, a republished file) is a repeat whatever it scores now,
 *       unless new evidence re-scored it;</li>
 *   <li>a relief that ends one of the situation's measures (paused, lifted, exempted or cut) de-escalates it, once; the
 *       ledger keeps the worst band, so a later report at that band is still a repeat; a relief that ends nothing
 *       there (a carve-out announced beside a threat) is not a report of the situation: no alert, and the ledger is
 *       left as it was; a disruption's recovery (a canal reopened) de-escalates the disruption's situation;</li>
 *   <li>new evidence that lowers the band of the very report the standing alert came from de-escalates it too,
 *       and the ledger takes the lower band, from which a later report can escalate again;</li>
 *   <li>a report at a higher band than the ledger's escalates;</li>
 *   <li>anything else is a repeat: suppressed, but counted in the ledger.</li>
 * </ul>
 * Only the opening alert is held to the minimum severity: later developments of an alerted situation always come through.
 */
final class AlertDecision {

    public record Outcome(Optional<Alert> alert, AlertLedgerEntry ledger, String reason) {
    }

    private static final int MAX_LEDGER_EVENTS = 50;

    private AlertDecision() {
    }

    public static Outcome decide(AlertLedgerEntry ledger, Shock shock, Severity minSeverity, Instant now) {
        if (ledger == null) {
            if (shock.severity().ordinal() < minSeverity.ordinal()) {
                return new Outcome(Optional.empty(), null, "below " + minSeverity);
            }
            AlertType type = shock.alertType() != null ? shock.alertType()
                    : shock.direction() == ShockDirection.DE_ESCALATION ? AlertType.DE_ESCALATION : AlertType.SHOCK;
            Alert alert = alert(shock, type, 1, null, null, now);
            AlertLedgerEntry opened = AlertLedgerEntry.newBuilder(ledger(shock, alert, 1, 0, List.of()))
                    .setRelieved(type == AlertType.DE_ESCALATION).build();
            return new Outcome(Optional.of(alert), opened, "new situation");
        }
        List<String> seen = new ArrayList<>(ledger.getEventIds());
        // A report a situation already holds (a redelivery, a republished file) is a repeat whatever it scores now;
        // market signals are re-evaluated on every fact, so this holds for measures and disruptions only.
        if (shock.storyline() != null && shock.reassessedBy() == null && seen.contains(shock.eventId())) {
            return new Outcome(Optional.empty(), counted(ledger, seen), "report " + shock.eventId() + " already seen");
        }
        if (shock.kind() == Shock.Kind.POLICY && shock.direction() == ShockDirection.DE_ESCALATION && shock.endedEventIds().isEmpty()
                && shock.reassessedBy() == null) {
            return new Outcome(Optional.empty(), ledger, "relief " + shock.eventId() + " ends none of " + ledger.getLastAlertId() + "'s measures");
        }
        if (shock.direction() == ShockDirection.DE_ESCALATION && !ledger.getRelieved()) {
            int sequence = ledger.getAlertCount() + 1;
            Alert alert = alert(shock, AlertType.DE_ESCALATION, sequence, ledger.getSeverity(), ledger.getLastAlertId(), now);
            AlertLedgerEntry relieved = AlertLedgerEntry.newBuilder(ledger(shock, alert, sequence, ledger.getSuppressedCount(), seen))
                    .setSeverity(ledger.getSeverity()).setRelieved(true).build();
            return new Outcome(Optional.of(alert), relieved, "relief of " + ledger.getLastAlertId());
        }
        if (isReassessmentDown(ledger, shock)) {
            int sequence = ledger.getAlertCount() + 1;
            Alert alert = alert(shock, AlertType.DE_ESCALATION, sequence, ledger.getSeverity(), ledger.getLastAlertId(), now);
            return new Outcome(Optional.of(alert), ledger(shock, alert, sequence, ledger.getSuppressedCount(), seen),
                    "re-assessed on " + shock.reassessedBy() + ": severity fell from " + ledger.getSeverity() + " to " + shock.severity());
        }
        if (shock.severity().ordinal() > ledger.getSeverity().ordinal()) {
            int sequence = ledger.getAlertCount() + 1;
            Alert alert = alert(shock, AlertType.ESCALATION, sequence, ledger.getSeverity(), ledger.getLastAlertId(), now);
            return new Outcome(Optional.of(alert), ledger(shock, alert, sequence, ledger.getSuppressedCount(), seen),
                    "severity rose from " + ledger.getSeverity() + " to " + shock.severity());
        }
        if (!seen.contains(shock.eventId())) seen.add(shock.eventId());
        return new Outcome(Optional.empty(), counted(ledger, seen), "repeat of " + ledger.getLastAlertId());
    }

    /**
     * New evidence that lowers the band of the very report the situation's standing alert came from
     * de-escalates it; a lower report of another event stays a repeat, as the situation is as bad as its worst report.
     */
    private static boolean isReassessmentDown(AlertLedgerEntry ledger, Shock shock) {
        return shock.reassessedBy() != null && shock.eventId().equals(ledger.getLastAlertEventId())
                && shock.severity().ordinal() < ledger.getSeverity().ordinal();
    }

    private static Alert alert(Shock shock, AlertType type, int sequence, Severity previous, String supersedes, Instant now) {
        List<String> countries = new ArrayList<>();
        if (shock.issuerCountry() != null) countries.add(shock.issuerCountry());
        shock.targetCountries().stream().filter(c -> !countries.contains(c)).forEach(countries::add);
        return Alert.newBuilder()
                .setAlertId(new SituationKey.AlertId(shock.dedupKey(), sequence).value())
                .setAlertType(type)
                .setSeverity(shock.severity())
                .setScore(shock.score())
                .setPreviousSeverity(previous)
                .setSupersedesAlertId(supersedes)
                .setDedupKey(shock.dedupKey())
                .setCommodity(shock.commodity())
                .setIssuerCountry(shock.issuerCountry())
                .setCountries(countries)
                .setInstrument(shock.instrument().name())
                .setAction(shock.action() == null ? null : shock.action().name())
                .setAffectedEntities(shock.affectedEntities())
                .setAffectedEntityCount(shock.affectedEntityCount())
                .setEventTime(shock.eventTime())
                .setDetectedAt(now)
                .setExplanation(shock.explanation())
                .setEndedEventIds(shock.endedEventIds().isEmpty() ? null : shock.endedEventIds())
                .build();
    }

    private static AlertLedgerEntry ledger(Shock shock, Alert alert, int count, int suppressed, List<String> seen) {
        List<String> events = new ArrayList<>(seen);
        events.add(shock.eventId());
        return AlertLedgerEntry.newBuilder()
                .setDedupKey(shock.dedupKey())
                .setLastAlertId(alert.getAlertId())
                .setSeverity(alert.getSeverity())
                .setAlertCount(count)
                .setLastAlertEventId(shock.eventId())
                .setSuppressedCount(suppressed)
                .setEventIds(tail(events))
                .build();
    }

    private static AlertLedgerEntry counted(AlertLedgerEntry ledger, List<String> seen) {
        return AlertLedgerEntry.newBuilder(ledger).setSuppressedCount(ledger.getSuppressedCount() + 1).setEventIds(tail(seen)).build();
    }

    private static List<String> tail(List<String> ids) {
        return ids.size() <= MAX_LEDGER_EVENTS ? ids : new ArrayList<>(ids.subList(ids.size() - MAX_LEDGER_EVENTS, ids.size()));
    }
}
