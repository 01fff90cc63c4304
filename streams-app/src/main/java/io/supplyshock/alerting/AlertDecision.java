package io.supplyshock.alerting;

import io.supplyshock.schema.Alert;
import io.supplyshock.schema.AlertType;
import io.supplyshock.schema.Severity;
import io.supplyshock.schema.ShockDirection;
import io.supplyshock.schema.internal.AlertLedgerEntry;
import io.supplyshock.schema.internal.ScoredShock;
import io.supplyshock.topics.SituationKey;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether a scored shock becomes an alert, given what was already alerted for its situation.
 * One situation gets one alert; a later report at a higher severity escalates it; a relief (a measure
 * lifted or paused) de-escalates it once; new evidence that lowers the band of the very report the
 * standing alert came from de-escalates it too. Anything else is a repeat and is suppressed (but still
 * counted in the ledger), as is a report the situation already holds, whatever it scores now.
 */
public final class AlertDecision {

    public record Outcome(Optional<Alert> alert, AlertLedgerEntry ledger, String reason) {
    }

    private static final int MAX_LEDGER_EVENTS = 50;

    private AlertDecision() {
    }

    public static Outcome decide(AlertLedgerEntry ledger, ScoredShock shock, Severity minSeverity, Instant now) {
        if (ledger == null) {
            if (shock.getSeverity().ordinal() < minSeverity.ordinal()) {
                return new Outcome(Optional.empty(), null, "below " + minSeverity);
            }
            AlertType type = shock.getAlertType() != null ? shock.getAlertType()
                    : shock.getDirection() == ShockDirection.DE_ESCALATION ? AlertType.DE_ESCALATION : AlertType.SHOCK;
            Alert alert = alert(shock, type, 1, null, null, now);
            AlertLedgerEntry opened = AlertLedgerEntry.newBuilder(ledger(shock, alert, 1, 0, List.of()))
                    .setRelieved(type == AlertType.DE_ESCALATION).build();
            return new Outcome(Optional.of(alert), opened, "new situation");
        }
        List<String> seen = new ArrayList<>(ledger.getEventIds());
        // A report a situation already holds (a redelivery, a republished file) is a repeat whatever it scores now;
        // market signals are re-evaluated on every fact, so this holds for measures and disruptions only.
        if (shock.getStoryline() != null && shock.getReassessedBy() == null && seen.contains(shock.getEventId())) {
            return new Outcome(Optional.empty(), counted(ledger, seen), "report " + shock.getEventId() + " already seen");
        }
        if (shock.getDirection() == ShockDirection.DE_ESCALATION && !ledger.getRelieved()) {
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
                    "re-assessed on " + shock.getReassessedBy() + ": severity fell from " + ledger.getSeverity() + " to " + shock.getSeverity());
        }
        if (shock.getSeverity().ordinal() > ledger.getSeverity().ordinal()) {
            int sequence = ledger.getAlertCount() + 1;
            Alert alert = alert(shock, AlertType.ESCALATION, sequence, ledger.getSeverity(), ledger.getLastAlertId(), now);
            return new Outcome(Optional.of(alert), ledger(shock, alert, sequence, ledger.getSuppressedCount(), seen),
                    "severity rose from " + ledger.getSeverity() + " to " + shock.getSeverity());
        }
        if (!seen.contains(shock.getEventId())) seen.add(shock.getEventId());
        return new Outcome(Optional.empty(), counted(ledger, seen), "repeat of " + ledger.getLastAlertId());
    }

    /**
     * New evidence that lowers the band of the very report the situation's standing alert came from
     * de-escalates it; a lower report of another event stays a repeat, as the situation is as bad as its worst report.
     */
    private static boolean isReassessmentDown(AlertLedgerEntry ledger, ScoredShock shock) {
        return shock.getReassessedBy() != null && shock.getEventId().equals(ledger.getLastAlertEventId())
                && shock.getSeverity().ordinal() < ledger.getSeverity().ordinal();
    }

    private static Alert alert(ScoredShock shock, AlertType type, int sequence, Severity previous, String supersedes, Instant now) {
        List<String> countries = new ArrayList<>();
        if (shock.getIssuerCountry() != null) countries.add(shock.getIssuerCountry());
        shock.getTargetCountries().stream().filter(c -> !countries.contains(c)).forEach(countries::add);
        return Alert.newBuilder()
                .setAlertId(new SituationKey.AlertId(shock.getDedupKey(), sequence).value())
                .setAlertType(type)
                .setSeverity(shock.getSeverity())
                .setScore(shock.getScore())
                .setPreviousSeverity(previous)
                .setSupersedesAlertId(supersedes)
                .setDedupKey(shock.getDedupKey())
                .setCommodity(shock.getCommodity())
                .setIssuerCountry(shock.getIssuerCountry())
                .setCountries(countries)
                .setInstrument(shock.getInstrument())
                .setAction(shock.getAction())
                .setAffectedEntities(shock.getAffectedEntities())
                .setAffectedEntityCount(shock.getAffectedEntityCount())
                .setEventTime(shock.getEventTime())
                .setDetectedAt(now)
                .setExplanation(shock.getExplanation())
                .setEndedEventIds(shock.getEndedEventIds().isEmpty() ? null : shock.getEndedEventIds())
                .build();
    }

    private static AlertLedgerEntry ledger(ScoredShock shock, Alert alert, int count, int suppressed, List<String> seen) {
        List<String> events = new ArrayList<>(seen);
        events.add(shock.getEventId());
        return AlertLedgerEntry.newBuilder()
                .setDedupKey(shock.getDedupKey())
                .setLastAlertId(alert.getAlertId())
                .setSeverity(alert.getSeverity())
                .setAlertCount(count)
                .setLastAlertEventId(shock.getEventId())
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
