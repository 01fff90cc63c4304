package io.supplyshock.topics;

import io.supplyshock.schema.AlertType;
import io.supplyshock.schema.DisruptionKind;
import io.supplyshock.schema.Explanation;
import io.supplyshock.schema.PolicyAction;
import io.supplyshock.schema.PolicyInstrument;
import io.supplyshock.schema.Severity;
import io.supplyshock.schema.ShockDirection;
import io.supplyshock.schema.internal.ScoredShock;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * A scored shock on its way from scoring and the signal detectors, through exposure, to alerting: a policy measure,
 * a disruption, a market signal or a deadline milestone, with its score and the explanation of that score.
 *
 * <p>Inside the pipeline its kind, instrument and action are enums. Between stages it crosses repartition topics as
 * the Avro record {@link ScoredShock}, which holds them as strings: {@link #toAvro} and {@link #fromAvro} convert at
 * that boundary, so the bytes on those topics are those running deployments already hold.
 *
 * @param dedupKey    the situation key ({@link SituationKey}); for a measure or disruption its storyline until
 *                    alerting finds the situation within it
 * @param storyline   the storyline of a measure or disruption; null for market signals and deadlines
 * @param anchorDate  what places a measure or disruption in time (announced, else effective, else event date)
 */
public record Shock(String eventId, Kind kind, AlertType alertType, String commodity, String issuerCountry,
                    List<String> targetCountries, Instrument instrument, PolicyAction action, ShockDirection direction,
                    int score, Severity severity, String dedupKey, String group, Instant eventTime, List<String> endedEventIds,
                    List<String> affectedEntities, Integer affectedEntityCount, Explanation explanation, String reassessedBy,
                    String storyline, LocalDate anchorDate) {

    /** What was scored. */
    public enum Kind {
        /** A policy event: a measure, or a relief that ends measures. */
        POLICY,
        /** A disruption of supply: an outage, a strike, a disaster, a shortage. */
        DISRUPTION,
        /** A pattern in market figures, found by a signal detector. */
        MARKET_SIGNAL,
        /** A measure's date coming due, or a countdown to it. */
        DEADLINE
    }

    /** The instrument of a measure or deadline, the kind of a disruption, or the type of a market signal. */
    public sealed interface Instrument {

        /** The name alerts publish and the repartition topics carry. */
        String name();

        record Policy(PolicyInstrument instrument) implements Instrument {
            public String name() { return instrument.name(); }
        }

        record Disruption(DisruptionKind kind) implements Instrument {
            public String name() { return kind.name(); }
        }

        record Signal(AlertType type) implements Instrument {
            public String name() { return type.name(); }
        }

        /** The instrument named {@code name} in a shock of the given kind: the kind says which enum names it. */
        static Instrument of(Kind kind, String name) {
            return switch (kind) {
                case POLICY, DEADLINE -> new Policy(PolicyInstrument.valueOf(name));
                case DISRUPTION -> new Disruption(DisruptionKind.valueOf(name));
                case MARKET_SIGNAL -> new Signal(AlertType.valueOf(name));
            };
        }
    }

    public Shock {
        // The fields the Avro record requires, checked where a shock is made rather than when it is first serialised.
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(commodity, "commodity");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(dedupKey, "dedupKey");
        Objects.requireNonNull(eventTime, "eventTime");
        Objects.requireNonNull(explanation, "explanation");
        boolean matches = switch (kind) {
            case POLICY, DEADLINE -> instrument instanceof Instrument.Policy;
            case DISRUPTION -> instrument instanceof Instrument.Disruption;
            case MARKET_SIGNAL -> instrument instanceof Instrument.Signal;
        };
        if (!matches) throw new IllegalArgumentException("a " + kind + " shock cannot have the instrument " + instrument);
        targetCountries = List.copyOf(targetCountries);
        endedEventIds = List.copyOf(endedEventIds);
        affectedEntities = List.copyOf(affectedEntities);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().eventId(eventId).kind(kind).alertType(alertType).commodity(commodity).issuerCountry(issuerCountry)
                .targetCountries(targetCountries).instrument(instrument).action(action).direction(direction).score(score)
                .severity(severity).dedupKey(dedupKey).group(group).eventTime(eventTime).endedEventIds(endedEventIds)
                .affectedEntities(affectedEntities).affectedEntityCount(affectedEntityCount).explanation(explanation)
                .reassessedBy(reassessedBy).storyline(storyline).anchorDate(anchorDate);
    }

    public ScoredShock toAvro() {
        return ScoredShock.newBuilder()
                .setEventId(eventId)
                .setEventKind(kind.name())
                .setAlertType(alertType)
                .setCommodity(commodity)
                .setIssuerCountry(issuerCountry)
                .setTargetCountries(targetCountries)
                .setInstrument(instrument.name())
                .setAction(action == null ? null : action.name())
                .setDirection(direction)
                .setScore(score)
                .setSeverity(severity)
                .setDedupKey(dedupKey)
                .setGroup(group)
                .setEventTime(eventTime)
                .setEndedEventIds(endedEventIds)
                .setAffectedEntities(affectedEntities)
                .setAffectedEntityCount(affectedEntityCount)
                .setExplanation(explanation)
                .setReassessedBy(reassessedBy)
                .setStoryline(storyline)
                .setAnchorDate(anchorDate)
                .build();
    }

    public static Shock fromAvro(ScoredShock s) {
        Kind kind = Kind.valueOf(s.getEventKind());
        return new Shock(s.getEventId(), kind, s.getAlertType(), s.getCommodity(), s.getIssuerCountry(), s.getTargetCountries(),
                Instrument.of(kind, s.getInstrument()), s.getAction() == null ? null : PolicyAction.valueOf(s.getAction()),
                s.getDirection(), s.getScore(), s.getSeverity(), s.getDedupKey(), s.getGroup(), s.getEventTime(),
                s.getEndedEventIds(), s.getAffectedEntities(), s.getAffectedEntityCount(), s.getExplanation(), s.getReassessedBy(),
                s.getStoryline(), s.getAnchorDate());
    }

    /** Lists start empty, as the Avro record's defaults do; every other field not given is null. */
    public static final class Builder {
        private String eventId;
        private Kind kind;
        private AlertType alertType;
        private String commodity;
        private String issuerCountry;
        private List<String> targetCountries = List.of();
        private Instrument instrument;
        private PolicyAction action;
        private ShockDirection direction;
        private int score;
        private Severity severity;
        private String dedupKey;
        private String group;
        private Instant eventTime;
        private List<String> endedEventIds = List.of();
        private List<String> affectedEntities = List.of();
        private Integer affectedEntityCount;
        private Explanation explanation;
        private String reassessedBy;
        private String storyline;
        private LocalDate anchorDate;

        private Builder() {
        }

        public Builder eventId(String v) { eventId = v; return this; }
        public Builder kind(Kind v) { kind = v; return this; }
        public Builder alertType(AlertType v) { alertType = v; return this; }
        public Builder commodity(String v) { commodity = v; return this; }
        public Builder issuerCountry(String v) { issuerCountry = v; return this; }
        public Builder targetCountries(List<String> v) { targetCountries = v; return this; }
        public Builder instrument(Instrument v) { instrument = v; return this; }
        public Builder action(PolicyAction v) { action = v; return this; }
        public Builder direction(ShockDirection v) { direction = v; return this; }
        public Builder score(int v) { score = v; return this; }
        public Builder severity(Severity v) { severity = v; return this; }
        public Builder dedupKey(String v) { dedupKey = v; return this; }
        public Builder group(String v) { group = v; return this; }
        public Builder eventTime(Instant v) { eventTime = v; return this; }
        public Builder endedEventIds(List<String> v) { endedEventIds = v; return this; }
        public Builder affectedEntities(List<String> v) { affectedEntities = v; return this; }
        public Builder affectedEntityCount(Integer v) { affectedEntityCount = v; return this; }
        public Builder explanation(Explanation v) { explanation = v; return this; }
        public Builder reassessedBy(String v) { reassessedBy = v; return this; }
        public Builder storyline(String v) { storyline = v; return this; }
        public Builder anchorDate(LocalDate v) { anchorDate = v; return this; }

        public Shock build() {
            return new Shock(eventId, kind, alertType, commodity, issuerCountry, targetCountries, instrument, action, direction, score,
                    severity, dedupKey, group, eventTime, endedEventIds, affectedEntities, affectedEntityCount, explanation,
                    reassessedBy, storyline, anchorDate);
        }
    }
}
