package io.supplyshock.state;

import io.supplyshock.schema.CommodityState;
import io.supplyshock.schema.CommoditySupplyProfile;
import io.supplyshock.schema.ImportSource;
import io.supplyshock.schema.MarketEvent;
import io.supplyshock.schema.MarketMetric;
import io.supplyshock.schema.Measure;
import io.supplyshock.schema.Observation;
import io.supplyshock.schema.PartialDate;
import io.supplyshock.schema.PolicyAction;
import io.supplyshock.schema.PolicyEvent;
import io.supplyshock.schema.PolicyInstrument;
import io.supplyshock.schema.RegionalDemand;
import io.supplyshock.schema.SupplyShare;
import io.supplyshock.schema.SupplyStage;
import io.supplyshock.topics.StageApi;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Folds facts into a commodity's state. Pure functions: the same facts in the same order give the
 * same state, which is what makes a replay equal to the live run.
 *
 * <p>Every fold is "newest wins" on the fact's own date (shares by as-of date, observations by
 * observation time), so folding a late fact into the newest state gives the right newest state
 * whatever the arrival order.
 */
@StageApi
public final class CommodityStates {

    public record Applied(CommodityState state, List<String> endedEventIds) {
    }

    /**
     * Measures one commodity's state keeps. Past this, measures no longer in force go first (the longest
     * ended, then the longest expired), then the oldest reports: a redelivered relief of an evicted measure
     * is then a new report. A hundred is years of policy news on one commodity (the seed's busiest has 12).
     */
    public static final int MAX_MEASURES = 100;
    /** Market series (metric, venue, subtype) one state keeps; the series observed longest ago go first. */
    public static final int MAX_OBSERVATIONS = 64;

    private CommodityStates() {
    }

    public static CommodityState empty(String commodity) {
        return CommodityState.newBuilder()
                .setCommodity(commodity)
                .setEventCount(0)
                .setUpdatedAt(Instant.EPOCH)
                .build();
    }

    public static Applied apply(CommodityState before, Fact fact) {
        // Field by field, not newBuilder(before): that deep-copies every list of the state on every fact, and
        // the folds below never change a list in place (each change builds a new list).
        CommodityState.Builder next = CommodityState.newBuilder()
                .setCommodity(before.getCommodity())
                .setSupplyShares(before.getSupplyShares())
                .setObservations(before.getObservations())
                .setMeasures(before.getMeasures())
                .setDemand(before.getDemand())
                .setMarket(before.getMarket())
                .setEventCount(before.getEventCount() + 1)
                .setLastEventId(fact.eventId())
                .setUpdatedAt(max(before.getUpdatedAt(), fact.eventTime()));
        List<String> ended = List.of();
        switch (fact) {
            case Fact.Policy p -> ended = applyPolicy(next, p.event());
            case Fact.Market m -> applyMarket(next, m.event());
            case Fact.Profile pr -> applyProfile(next, pr.profile());
            case Fact.Disruption d -> { /* disruptions are scored, not stored: they carry no lasting state */ }
        }
        return new Applied(next.build(), ended);
    }

    private static List<String> applyPolicy(CommodityState.Builder state, PolicyEvent e) {
        LocalDate on = dateOf(e.getEventTime());
        List<Measure> measures = new ArrayList<>(state.getMeasures());
        List<String> ended = new ArrayList<>();
        if (Measures.relieves(e.getAction())) {
            for (int i = 0; i < measures.size(); i++) {
                Measure m = measures.get(i);
                // A redelivered relief finds again the measures it ended, so its report is recognised as the same.
                boolean endedByThis = e.getEventId().equals(m.getEndedBy());
                if (Measures.tightens(m.getAction()) && (endedByThis || !Measures.isEnded(m, on))
                        && covers(m, e.getAction(), e.getInstrument(), e.getIssuerCountry(), e.getTargetCountries())) {
                    measures.set(i, ended(m, on, e.getEventId(), e.getAction(), date(e.getExpiryDate())));
                    ended.add(m.getEventId());
                }
            }
        }
        // A redelivered event must not restart a measure that a relief has since ended.
        Measure previous = null;
        for (int i = 0; i < measures.size(); i++) {
            if (measures.get(i).getEventId().equals(e.getEventId())) {
                previous = measures.remove(i);
                break;
            }
        }
        Measure measure = Measure.newBuilder()
                .setEventId(e.getEventId())
                .setGroup(e.getProvenance().getGroup())
                .setInstrument(e.getInstrument())
                .setAction(e.getAction())
                .setRawSubtype(e.getRawSubtype())
                .setIssuerCountry(e.getIssuerCountry())
                .setTargetCountries(e.getTargetCountries())
                .setValue(e.getValue())
                .setUnit(e.getUnit())
                .setAnnouncedOn(date(e.getAnnouncedDate()))
                .setEffectiveOn(date(e.getEffectiveDate()))
                .setExpiresOn(date(e.getExpiryDate()))
                .setEventTime(e.getEventTime())
                .setPreviousValue(e.getPreviousValue())
                .build();
        if (previous != null && previous.getEndedBy() != null) {
            measure = Measure.newBuilder(measure).setEndedOn(previous.getEndedOn()).setEndedBy(previous.getEndedBy())
                    .setResumesOn(previous.getResumesOn()).build();
        } else if (Measures.tightens(e.getAction())) {
            measure = endedByEarlierRelief(measure, measures, on);
        }
        measures.add(measure);
        state.setMeasures(capMeasures(measures, on));
        return ended;
    }

    static List<Measure> capMeasures(List<Measure> measures, LocalDate on) {
        if (measures.size() <= MAX_MEASURES) return measures;
        List<EvictionRank> ranks = new ArrayList<>(measures.size());
        for (Measure m : measures) ranks.add(EvictionRank.of(m, on));
        List<Measure> kept = new ArrayList<>(measures);
        if (measures.size() == MAX_MEASURES + 1) {
            // One new measure over the cap, the usual case: the first to evict is found without sorting them all.
            kept.remove(Collections.min(ranks).measure());
            return kept;
        }
        kept.removeAll(ranks.stream().sorted().limit(measures.size() - MAX_MEASURES).map(EvictionRank::measure).toList());
        return kept;
    }

    /**
     * The order in which a capped list drops measures: those no longer in force first, then the soonest ended or
     * expiring, then the oldest. Computed once per measure, not per comparison.
     */
    private record EvictionRank(Measure measure, boolean active, LocalDate ends) implements Comparable<EvictionRank> {

        static EvictionRank of(Measure m, LocalDate on) {
            return new EvictionRank(m, Measures.isActive(m, on),
                    m.getEndedOn() != null ? m.getEndedOn() : m.getExpiresOn() != null ? m.getExpiresOn() : LocalDate.MAX);
        }

        @Override
        public int compareTo(EvictionRank other) {
            int c = Boolean.compare(active, other.active);
            if (c == 0) c = ends.compareTo(other.ends);
            if (c == 0) c = measure.getEventTime().compareTo(other.measure.getEventTime());
            return c != 0 ? c : measure.getEventId().compareTo(other.measure.getEventId());
        }
    }

    /**
     * A measure that arrives after the relief that paused it (late or out-of-order delivery) is ended
     * by that relief all the same, so the state does not depend on arrival order.
     */
    private static Measure endedByEarlierRelief(Measure measure, List<Measure> measures, LocalDate measureDate) {
        return measures.stream()
                .filter(r -> Measures.relieves(r.getAction()) && reliefDate(r) != null && !reliefDate(r).isBefore(measureDate))
                .filter(r -> covers(measure, r.getAction(), r.getInstrument(), r.getIssuerCountry(), r.getTargetCountries()))
                .min(Comparator.comparing(CommodityStates::reliefDate))
                .map(r -> ended(measure, reliefDate(r), r.getEventId(), r.getAction(), r.getExpiresOn()))
                .orElse(measure);
    }

    private static LocalDate reliefDate(Measure relief) {
        return relief.getAnnouncedOn() != null ? relief.getAnnouncedOn() : relief.getEffectiveOn();
    }

    /** A relief covers the same issuer's measures of the same family against overlapping targets, if its action can end them. */
    private static boolean covers(Measure m, PolicyAction reliefAction, PolicyInstrument reliefInstrument, String reliefIssuer, List<String> reliefTargets) {
        return Measures.reliefEndsAction(reliefAction, m.getAction()) && Measures.reliefEnds(reliefInstrument, m.getInstrument())
                && (reliefIssuer == null || reliefIssuer.equals(m.getIssuerCountry()))
                && targetsOverlap(m.getTargetCountries(), reliefTargets);
    }

    /** A pause lets the measure resume when the pause runs out; a lift, exemption or cut ends it for good. */
    private static Measure ended(Measure m, LocalDate on, String reliefId, PolicyAction relief, LocalDate reliefExpiry) {
        return Measure.newBuilder(m)
                .setEndedOn(on)
                .setEndedBy(reliefId)
                .setResumesOn(relief == PolicyAction.PAUSE ? reliefExpiry : null)
                .build();
    }

    private static boolean targetsOverlap(List<String> a, List<String> b) {
        return a.isEmpty() || b.isEmpty() || a.stream().anyMatch(b::contains);
    }

    private static void applyMarket(CommodityState.Builder state, MarketEvent e) {
        shareOf(e).ifPresent(share -> state.setSupplyShares(upsertShare(state.getSupplyShares(), share)));
        demandOf(e).ifPresent(d -> state.setDemand(Demand.upsert(state.getDemand(), d)));
        Observation observation = Observation.newBuilder()
                .setMetric(e.getMetric())
                .setRawSubtype(e.getRawSubtype())
                .setVenue(e.getVenue())
                .setValue(e.getValue())
                .setValueMax(e.getValueMax())
                .setUnit(e.getUnit())
                .setDirection(e.getDirection())
                .setPeriodStart(date(e.getPeriodStart()))
                .setObservedAt(e.getEventTime())
                .setEventId(e.getEventId())
                .build();
        List<Observation> observations = new ArrayList<>(state.getObservations());
        Optional<Observation> existing = observations.stream().filter(o -> sameSeries(o, observation)).findFirst();
        if (existing.isEmpty()) {
            observations.add(observation);
        } else if (!existing.get().getObservedAt().isAfter(observation.getObservedAt())) {
            observations.set(observations.indexOf(existing.get()), observation);
        }
        if (observations.size() > MAX_OBSERVATIONS) {
            observations.sort(Comparator.comparing(Observation::getObservedAt).thenComparing(Observation::getEventId));
            observations = new ArrayList<>(observations.subList(observations.size() - MAX_OBSERVATIONS, observations.size()));
        }
        state.setObservations(observations);
    }

    /**
     * Only a percentage held by a named country is a share of world supply; regional and import shares stay
     * observations. A share stated without a date of its own is structural: it counts from the start of
     * the commodity's history (as-of null), whenever it is published.
     */
    static Optional<SupplyShare> shareOf(MarketEvent e) {
        if (e.getMetric() != MarketMetric.SUPPLY_SHARE || e.getCountry() == null || e.getValue() == null) return Optional.empty();
        if (!"pct".equals(e.getUnit()) || e.getStage() == SupplyStage.IMPORTS) return Optional.empty();
        return Optional.of(SupplyShare.newBuilder()
                .setCountry(e.getCountry())
                .setStage(e.getStage() == null ? SupplyStage.OTHER : e.getStage())
                .setSharePct(e.getValue())
                .setSource(e.getEventId())
                .setAsOf(date(e.getObservedDate()))
                .build());
    }

    /**
     * A stated import share ("the US gets 70% of its rare earths from China") or a consumption figure
     * becomes a demand entry of the importing or consuming region, under its own event id.
     */
    static Optional<RegionalDemand> demandOf(MarketEvent e) {
        if (e.getValue() == null) return Optional.empty();
        RegionalDemand.Builder d = RegionalDemand.newBuilder().setSource(e.getEventId()).setAsOf(date(e.getObservedDate()));
        if (e.getMetric() == MarketMetric.SUPPLY_SHARE && e.getStage() == SupplyStage.IMPORTS) {
            if (e.getCountry() == null || e.getCounterpartCountry() == null || !"pct".equals(e.getUnit())) return Optional.empty();
            return Optional.of(d.setRegion(e.getCountry()).setImportSources(List.of(ImportSource.newBuilder()
                    .setCountry(e.getCounterpartCountry()).setSharePct(e.getValue()).build())).build());
        }
        if (e.getMetric() == MarketMetric.CONSUMPTION) {
            return Optional.of(d.setRegion(e.getCountry() == null ? Demand.WORLD : e.getCountry())
                    .setAnnualConsumption(e.getValue()).setUnit(e.getUnit()).build());
        }
        return Optional.empty();
    }

    /** Structural knowledge: a share, import share or consumption figure stated without a date of its own. */
    public static boolean isStructural(MarketEvent e) {
        return e.getObservedDate() == null && (e.getMetric() == MarketMetric.SUPPLY_SHARE || e.getMetric() == MarketMetric.CONSUMPTION);
    }

    private static void applyProfile(CommodityState.Builder state, CommoditySupplyProfile profile) {
        List<SupplyShare> shares = state.getSupplyShares();
        for (SupplyShare s : profile.getShares()) {
            SupplyShare dated = s.getAsOf() != null || profile.getAsOf() == null ? s
                    : SupplyShare.newBuilder(s).setAsOf(profile.getAsOf()).build();
            shares = upsertShare(shares, dated);
        }
        state.setSupplyShares(shares);
        List<RegionalDemand> demand = state.getDemand();
        for (RegionalDemand d : profile.getDemand()) {
            demand = Demand.upsert(demand, d);
        }
        state.setDemand(demand);
        if (profile.getMarket() != null && (state.getMarket() == null || isNewer(profile.getMarket().getAsOf(), state.getMarket().getAsOf()))) {
            state.setMarket(profile.getMarket());
        }
    }

    private static List<SupplyShare> upsertShare(List<SupplyShare> shares, SupplyShare share) {
        List<SupplyShare> out = new ArrayList<>(shares);
        for (int i = 0; i < out.size(); i++) {
            SupplyShare s = out.get(i);
            if (s.getCountry().equals(share.getCountry()) && s.getStage() == share.getStage()) {
                if (supersedes(share, s)) out.set(i, share);
                return out;
            }
        }
        out.add(share);
        out.sort(Comparator.comparing(SupplyShare::getCountry).thenComparing(SupplyShare::getStage));
        return out;
    }

    private static boolean isNewer(LocalDate candidate, LocalDate current) {
        if (current == null) return true;
        return candidate != null && !candidate.isBefore(current);
    }

    /**
     * Which of two figures for the same thing stands: the newer date wins, a dated figure beats a structural
     * (undated) one, and on the same date a figure stated in the news beats a baseline row.
     */
    public static boolean supersedes(SupplyShare candidate, SupplyShare current) {
        if (java.util.Objects.equals(candidate.getAsOf(), current.getAsOf()) && !candidate.getFromBaseline() && !current.getFromBaseline()) {
            // Two news figures of the same date (or both undated) disagree: the outcome must not depend on which
            // arrived last, or replaying the news would flip the state and re-assess its measures each time. The
            // larger share stands (the cautious reading), then the source id decides.
            int bySize = Double.compare(candidate.getSharePct(), current.getSharePct());
            return bySize != 0 ? bySize > 0 : String.valueOf(candidate.getSource()).compareTo(String.valueOf(current.getSource())) > 0;
        }
        return supersedes(candidate.getAsOf(), candidate.getFromBaseline(), current.getAsOf(), current.getFromBaseline());
    }

    static boolean supersedes(LocalDate candidate, boolean candidateBaseline, LocalDate current, boolean currentBaseline) {
        if (candidate != null && current != null && candidate.equals(current)) return !candidateBaseline || currentBaseline;
        return isNewer(candidate, current);
    }

    private static boolean sameSeries(Observation a, Observation b) {
        return a.getMetric() == b.getMetric() && a.getRawSubtype().equals(b.getRawSubtype()) && Objects.equals(a.getVenue(), b.getVenue());
    }

    /** The issuer's largest share of world supply at any stage, as known in this state. */
    public static Optional<SupplyShare> largestShareOf(CommodityState state, String country) {
        if (country == null) return Optional.empty();
        return state.getSupplyShares().stream()
                .filter(s -> s.getCountry().equals(country) && s.getStage() != SupplyStage.IMPORTS)
                .max(Comparator.comparingDouble(SupplyShare::getSharePct));
    }

    public static List<Measure> activeMeasures(CommodityState state, LocalDate on) {
        return state.getMeasures().stream().filter(m -> Measures.isActive(m, on)).toList();
    }

    public static LocalDate dateOf(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }

    static LocalDate date(PartialDate d) {
        return d == null ? null : d.getDate();
    }

    private static Instant max(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }
}
