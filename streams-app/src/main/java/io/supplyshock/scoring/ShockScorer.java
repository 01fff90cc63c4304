package io.supplyshock.scoring;

import io.supplyshock.state.CommodityStates;
import io.supplyshock.state.Fact;
import io.supplyshock.state.Measures;
import io.supplyshock.schema.CommodityState;
import io.supplyshock.schema.CommoditySupplyProfile;
import io.supplyshock.schema.DisruptionEvent;
import io.supplyshock.schema.Explanation;
import io.supplyshock.schema.ExplanationInput;
import io.supplyshock.schema.MarketEvent;
import io.supplyshock.schema.Measure;
import io.supplyshock.schema.PartialDate;
import io.supplyshock.schema.DatePrecision;
import io.supplyshock.schema.PolicyEvent;
import io.supplyshock.schema.Provenance;
import io.supplyshock.schema.RegionalDemand;
import io.supplyshock.schema.SupplyShare;
import io.supplyshock.state.FactInContext;
import io.supplyshock.topics.Shock;
import io.supplyshock.topics.SituationKey;
import io.supplyshock.topics.StageApi;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Turns a policy event or disruption, joined with what is known of its commodity, into a scored shock;
 * and when a fact changes what is known (a share, a consumption figure, a baseline row), re-scores the
 * measures already in force whose score used it, so the alert follows the evidence.
 */
@StageApi
public final class ShockScorer {

    /** A fact can reopen at most this many measures of its commodity; the newest are taken. */
    static final int MAX_REASSESSED_PER_FACT = 50;

    private ShockScorer() {
    }

    public static List<Shock> score(FactInContext in, double capPct) {
        return switch (in.fact()) {
            case Fact.Policy p -> List.of(policy(p.event(), knowledgeFor(in, p.event().getEventTime()), in.ended(), capPct, null));
            case Fact.Disruption d -> List.of(disruption(d.event(), knowledgeFor(in, d.event().getEventTime()), capPct, null));
            case Fact.Market m -> reassess(in, evidenceOf(m.event()), m.eventId(), capPct);
            case Fact.Profile pr -> reassess(in, evidenceOf(pr.profile()), pr.eventId(), capPct);
        };
    }

    private static Knowledge knowledgeFor(FactInContext in, java.time.Instant eventTime) {
        return new Knowledge(in.atEventTime(), in.latest(), CommodityStates.dateOf(eventTime));
    }

    static Shock policy(PolicyEvent e, Knowledge k, List<Measure> ended, double capPct, String reassessedBy) {
        SeverityModel.Score s = SeverityModel.scorePolicy(e, k, ended, capPct);
        // A relief belongs to the storyline of the measures it ends, so that it meets their situation.
        String storyline = ended.isEmpty() ? SituationKey.storyline(e.getProvenance().getGroup(), e.getIssuerCountry(), e.getCommodity())
                : SituationKey.storyline(ended.getFirst().getGroup(), ended.getFirst().getIssuerCountry(), e.getCommodity());
        return Shock.builder()
                .eventId(e.getEventId())
                .kind(Shock.Kind.POLICY)
                .commodity(e.getCommodity())
                .issuerCountry(e.getIssuerCountry())
                .targetCountries(e.getTargetCountries())
                .instrument(new Shock.Instrument.Policy(e.getInstrument()))
                .action(e.getAction())
                .direction(s.direction())
                .score(s.score())
                .severity(s.severity())
                .dedupKey(storyline)
                .storyline(storyline)
                .anchorDate(anchor(e.getAnnouncedDate(), e.getEffectiveDate(), e.getEventTime()))
                .group(e.getProvenance().getGroup())
                .eventTime(e.getEventTime())
                .endedEventIds(ended.stream().map(Measure::getEventId).toList())
                .explanation(explanation(s, e.getProvenance(), reassessedBy))
                .reassessedBy(reassessedBy)
                .build();
    }

    private static Shock disruption(DisruptionEvent e, Knowledge k, double capPct, String reassessedBy) {
        SeverityModel.Score s = SeverityModel.scoreDisruption(e, k, capPct);
        String storyline = SituationKey.storyline(e.getProvenance().getGroup(), e.getCountry(), e.getCommodity());
        return Shock.builder()
                .eventId(e.getEventId())
                .kind(Shock.Kind.DISRUPTION)
                .commodity(e.getCommodity())
                .issuerCountry(e.getCountry())
                .targetCountries(e.getAffectedCountry() == null ? List.of() : List.of(e.getAffectedCountry()))
                .instrument(new Shock.Instrument.Disruption(e.getKind()))
                // A recovery says the disruption is lifted: the alert's action tells consumers it is a relief.
                .action(e.getRecovery() ? io.supplyshock.schema.PolicyAction.LIFT : null)
                .direction(s.direction())
                .score(s.score())
                .severity(s.severity())
                .dedupKey(storyline)
                .storyline(storyline)
                .anchorDate(anchor(null, e.getStartDate(), e.getEventTime()))
                .group(e.getProvenance().getGroup())
                .eventTime(e.getEventTime())
                .explanation(explanation(s, e.getProvenance(), reassessedBy))
                .reassessedBy(reassessedBy)
                .build();
    }

    /** What places a report in time: its announcement, else its effective date, else its event date. */
    static LocalDate anchor(PartialDate announced, PartialDate effective, java.time.Instant eventTime) {
        if (announced != null) return announced.getDate();
        if (effective != null) return effective.getDate();
        return CommodityStates.dateOf(eventTime);
    }

    /** The names under which a fact's figures appear in explanations: its event id, or a profile's publications. */
    static Set<String> evidenceOf(MarketEvent e) {
        boolean informs = e.getMetric() == io.supplyshock.schema.MarketMetric.SUPPLY_SHARE
                || e.getMetric() == io.supplyshock.schema.MarketMetric.CONSUMPTION;
        return informs ? Set.of(e.getEventId()) : Set.of();
    }

    static Set<String> evidenceOf(CommoditySupplyProfile p) {
        Set<String> sources = new LinkedHashSet<>();
        p.getShares().stream().map(SupplyShare::getSource).filter(Objects::nonNull).forEach(sources::add);
        p.getDemand().stream().map(RegionalDemand::getSource).filter(Objects::nonNull).forEach(sources::add);
        if (p.getMarket() != null && p.getMarket().getSource() != null) sources.add(p.getMarket().getSource());
        return sources;
    }

    /**
     * Re-scores the commodity's measures still in force with what is known now, valid at each measure's own
     * date, and keeps those whose explanation uses the new evidence; the alert ledger then decides whether
     * the band moved (escalation or de-escalation) or not (a counted repeat).
     */
    private static List<Shock> reassess(FactInContext in, Set<String> evidence, String factId, double capPct) {
        if (evidence.isEmpty()) return List.of();
        CommodityState latest = in.latest();
        LocalDate today = CommodityStates.dateOf(latest.getUpdatedAt());
        List<Measure> open = latest.getMeasures().stream()
                .filter(m -> Measures.tightens(m.getAction()) && m.getEventTime() != null && !Measures.isEnded(m, today))
                .sorted(java.util.Comparator.comparing(Measure::getEventTime).reversed())
                .limit(MAX_REASSESSED_PER_FACT)
                .toList();
        List<Shock> out = new ArrayList<>();
        for (Measure m : open) {
            PolicyEvent e = asEvent(m, latest.getCommodity());
            Knowledge k = new Knowledge(latest, latest, CommodityStates.dateOf(m.getEventTime()));
            Shock shock = policy(e, k, List.of(), capPct, factId);
            if (uses(shock.explanation().getInputs(), evidence)) out.add(shock);
        }
        return out;
    }

    /**
     * Re-scores the commodity's recent disruptions with what is known now and keeps those whose explanation
     * uses the new evidence, as {@link #reassess} does for measures.
     */
    static List<Shock> reassessDisruptions(FactInContext in, List<DisruptionEvent> recent, Set<String> evidence, String factId, double capPct) {
        CommodityState latest = in.latest();
        List<Shock> out = new ArrayList<>();
        for (DisruptionEvent e : recent) {
            Shock shock = disruption(e, new Knowledge(latest, latest, CommodityStates.dateOf(e.getEventTime())), capPct, factId);
            if (uses(shock.explanation().getInputs(), evidence)) out.add(shock);
        }
        return out;
    }

    private static boolean uses(List<ExplanationInput> inputs, Set<String> evidence) {
        return inputs.stream().anyMatch(i -> evidence.stream().anyMatch(id -> i.getNote().contains(id) || i.getValue().contains(id)));
    }

    /** The measure as the policy event that set it, with what the state kept of it. */
    private static PolicyEvent asEvent(Measure m, String commodity) {
        return PolicyEvent.newBuilder()
                .setEventId(m.getEventId())
                .setCommodity(commodity)
                .setInstrument(m.getInstrument())
                .setAction(m.getAction())
                .setRawSubtype(m.getRawSubtype())
                .setIssuerCountry(m.getIssuerCountry())
                .setTargetCountries(m.getTargetCountries())
                .setValue(m.getValue())
                .setUnit(m.getUnit())
                .setPreviousValue(m.getPreviousValue())
                .setAnnouncedDate(day(m.getAnnouncedOn()))
                .setEffectiveDate(day(m.getEffectiveOn()))
                .setExpiryDate(day(m.getExpiresOn()))
                .setEventTime(m.getEventTime())
                .setProvenance(Provenance.newBuilder().setSourceId(m.getEventId()).setGroup(m.getGroup()).build())
                .build();
    }

    private static PartialDate day(LocalDate d) {
        return d == null ? null : PartialDate.newBuilder().setDate(d).setPrecision(DatePrecision.DAY).setRaw(d.toString()).build();
    }

    private static Explanation explanation(SeverityModel.Score s, Provenance provenance, String reassessedBy) {
        List<ExplanationInput> inputs = new ArrayList<>(s.inputs());
        List<String> sources = new ArrayList<>(s.sourceEventIds());
        String summary = s.summary();
        if (reassessedBy != null) {
            inputs.add(SeverityModel.input("new_evidence", reassessedBy, 1.0, "re-assessed because " + reassessedBy
                    + " changed what is known of an input"));
            if (!sources.contains(reassessedBy)) sources.add(reassessedBy);
            summary = "re-assessed on new evidence " + reassessedBy + ": " + summary;
        }
        return Explanation.newBuilder()
                .setSummary(summary)
                .setInputs(inputs)
                .setSourceEventIds(sources)
                .setQuote(provenance.getQuote())
                .setSourceSummary(provenance.getSummary())
                .build();
    }
}
