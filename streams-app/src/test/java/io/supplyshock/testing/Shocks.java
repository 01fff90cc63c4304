package io.supplyshock.testing;

import io.supplyshock.schema.AlertType;
import io.supplyshock.schema.Explanation;
import io.supplyshock.schema.Severity;
import io.supplyshock.schema.ShockDirection;
import io.supplyshock.schema.internal.ScoredShock;

import java.time.LocalDate;
import java.util.List;

/**
 * Scored shocks as scoring hands them to exposure and alerting, built by hand so that those stages' tests
 * state the score and band they start from instead of deriving them through the severity model.
 */
public final class Shocks {

    private Shocks() {
    }

    /** A policy measure of {@code issuer} on {@code commodity}, in the storyline of {@code group}, dated {@code date}. */
    public static ScoredShock.Builder measure(String eventId, String commodity, String issuer, String instrument, int score,
                                              Severity severity, String group, String date) {
        String storyline = "group:" + group;
        return ScoredShock.newBuilder()
                .setEventId(eventId).setEventKind("POLICY").setCommodity(commodity).setIssuerCountry(issuer)
                .setInstrument(instrument).setAction("IMPOSE").setDirection(ShockDirection.ESCALATION)
                .setScore(score).setSeverity(severity)
                .setDedupKey(storyline).setStoryline(storyline).setGroup(group)
                .setAnchorDate(LocalDate.parse(date)).setEventTime(Events.at(date))
                .setExplanation(explanation(eventId, score));
    }

    /** A market signal: no storyline, de-duplicated on its own key. */
    public static ScoredShock.Builder signal(String eventId, String commodity, AlertType type, int score, Severity severity,
                                             String dedupKey, String date) {
        return ScoredShock.newBuilder()
                .setEventId(eventId).setEventKind("MARKET_SIGNAL").setAlertType(type).setCommodity(commodity)
                .setInstrument(type.name()).setDirection(ShockDirection.ESCALATION).setScore(score).setSeverity(severity)
                .setDedupKey(dedupKey).setEventTime(Events.at(date))
                .setExplanation(explanation(eventId, score));
    }

    /** A deadline milestone of a measure of {@code group} on {@code commodity}, keyed as a grouped measure's milestones are. */
    public static ScoredShock.Builder milestone(String measureEventId, String commodity, String group, AlertType type, int score,
                                                Severity severity, String dedupKey, String date) {
        return ScoredShock.newBuilder()
                .setEventId(measureEventId).setEventKind("DEADLINE").setAlertType(type).setCommodity(commodity).setIssuerCountry("CN")
                .setInstrument("EXPORT_LICENCE").setAction("IMPOSE").setDirection(ShockDirection.ESCALATION).setScore(score)
                .setSeverity(severity).setDedupKey(dedupKey).setGroup(group).setEventTime(Events.at(date))
                .setExplanation(explanation(measureEventId, score));
    }

    /** A relief (a pause or lift) that ends {@code ended}, in their storyline. */
    public static ScoredShock.Builder relief(String eventId, ScoredShock ended, int score, Severity severity, String date) {
        return measure(eventId, ended.getCommodity(), ended.getIssuerCountry(), ended.getInstrument(), score, severity, ended.getGroup(), date)
                .setAction("PAUSE").setDirection(ShockDirection.DE_ESCALATION).setEndedEventIds(List.of(ended.getEventId()));
    }

    private static Explanation explanation(String eventId, int score) {
        return Explanation.newBuilder().setSummary(eventId + "; score " + score).setInputs(List.of()).setSourceEventIds(List.of(eventId)).build();
    }
}
