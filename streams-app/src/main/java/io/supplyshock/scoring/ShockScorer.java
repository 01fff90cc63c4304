package io.supplyshock.scoring;

import io.supplyshock.domain.Fact;
import io.supplyshock.domain.SeverityModel;
import io.supplyshock.domain.Situations;
import io.supplyshock.schema.DisruptionEvent;
import io.supplyshock.schema.Explanation;
import io.supplyshock.schema.Measure;
import io.supplyshock.schema.PolicyEvent;
import io.supplyshock.schema.Provenance;
import io.supplyshock.schema.internal.ScoredShock;
import io.supplyshock.state.FactInContext;

import java.util.List;
import java.util.Optional;

/** Turns a policy event or disruption, joined with its state, into a scored shock. Market facts are not shocks. */
public final class ShockScorer {

    private ShockScorer() {
    }

    public static Optional<ScoredShock> score(FactInContext in) {
        return score(in, SeverityModel.DEFAULT_CONCENTRATION_CAP_PCT);
    }

    public static Optional<ScoredShock> score(FactInContext in, double concentrationCapPct) {
        return switch (in.fact()) {
            case Fact.Policy p -> Optional.of(policy(p.event(), in, concentrationCapPct));
            case Fact.Disruption d -> Optional.of(disruption(d.event(), in, concentrationCapPct));
            default -> Optional.empty();
        };
    }

    private static ScoredShock policy(PolicyEvent e, FactInContext in, double concentrationCapPct) {
        SeverityModel.Score s = SeverityModel.scorePolicy(e, in.atEventTime(), in.ended(), concentrationCapPct);
        return ScoredShock.newBuilder()
                .setEventId(e.getEventId())
                .setEventKind("POLICY")
                .setCommodity(e.getCommodity())
                .setIssuerCountry(e.getIssuerCountry())
                .setTargetCountries(e.getTargetCountries())
                .setInstrument(e.getInstrument().name())
                .setAction(e.getAction().name())
                .setDirection(s.direction())
                .setScore(s.score())
                .setSeverity(s.severity())
                .setDedupKey(Situations.dedupKey(e.getProvenance().getGroup(), e.getInstrument().name(),
                        e.getIssuerCountry(), e.getCommodity(), e.getEffectiveDate(), e.getEventTime()))
                .setGroup(e.getProvenance().getGroup())
                .setEventTime(e.getEventTime())
                .setEndedEventIds(in.ended().stream().map(Measure::getEventId).toList())
                .setExplanation(explanation(s, e.getProvenance()))
                .build();
    }

    private static ScoredShock disruption(DisruptionEvent e, FactInContext in, double concentrationCapPct) {
        SeverityModel.Score s = SeverityModel.scoreDisruption(e, in.atEventTime(), concentrationCapPct);
        return ScoredShock.newBuilder()
                .setEventId(e.getEventId())
                .setEventKind("DISRUPTION")
                .setCommodity(e.getCommodity())
                .setIssuerCountry(e.getCountry())
                .setTargetCountries(e.getAffectedCountry() == null ? List.of() : List.of(e.getAffectedCountry()))
                .setInstrument(e.getKind().name())
                .setAction(null)
                .setDirection(s.direction())
                .setScore(s.score())
                .setSeverity(s.severity())
                .setDedupKey(Situations.dedupKey(e.getProvenance().getGroup(), e.getKind().name(), e.getCountry(),
                        e.getCommodity(), e.getStartDate(), e.getEventTime()))
                .setGroup(e.getProvenance().getGroup())
                .setEventTime(e.getEventTime())
                .setExplanation(explanation(s, e.getProvenance()))
                .build();
    }

    private static Explanation explanation(SeverityModel.Score s, Provenance provenance) {
        return Explanation.newBuilder()
                .setSummary(s.summary())
                .setInputs(s.inputs())
                .setSourceEventIds(s.sourceEventIds())
                .setQuote(provenance.getQuote())
                .setSourceSummary(provenance.getSummary())
                .build();
    }
}
