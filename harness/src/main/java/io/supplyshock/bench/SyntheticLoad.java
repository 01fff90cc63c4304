package io.supplyshock.bench;

import io.supplyshock.schema.DisruptionEvent;
import io.supplyshock.schema.DisruptionKind;
import io.supplyshock.schema.ExposureProfile;
import io.supplyshock.schema.ExposureRole;
import io.supplyshock.schema.MarketEvent;
import io.supplyshock.schema.MarketMetric;
import io.supplyshock.schema.PolicyAction;
import io.supplyshock.schema.PolicyEvent;
import io.supplyshock.schema.PolicyInstrument;
import io.supplyshock.schema.Provenance;
import io.supplyshock.topics.Topics;
import org.apache.avro.specific.SpecificRecord;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Synthetic events and profiles of a configurable shape: commodities, countries, the mix of policy, market and
 * disruption lines. Seeded, so two runs send the same load. Every policy event is its own storyline, so each
 * one that scores LOW or more raises an alert (what the latency runs measure).
 */
public final class SyntheticLoad {

    public record Event(String topic, String key, SpecificRecord value) {
    }

    private final int commodities;
    private final int countries;
    private final double policyShare;
    private final double disruptionShare;
    private final double structuralShareFacts;
    private final SplittableRandom random;
    private long sequence;

    public SyntheticLoad(int commodities, int countries, double policyShare, double disruptionShare, long seed) {
        this(commodities, countries, policyShare, disruptionShare, 0.0, seed);
    }

    /**
     * @param structuralShareFacts the part of the events that are undated supply shares of a country: structural
     *                             knowledge that re-scores the policies and disruptions read before it
     */
    public SyntheticLoad(int commodities, int countries, double policyShare, double disruptionShare, double structuralShareFacts, long seed) {
        this.structuralShareFacts = structuralShareFacts;
        this.commodities = commodities;
        this.countries = countries;
        this.policyShare = policyShare;
        this.disruptionShare = disruptionShare;
        this.random = new SplittableRandom(seed);
    }

    public static String commodity(int i) {
        return String.format(Locale.ROOT, "bench_commodity_%03d", i);
    }

    /** Real ISO 3166 codes, so that validation lets every event through. */
    private static final String[] ISO = java.util.Arrays.stream(Locale.getISOCountries()).sorted().toArray(String[]::new);

    private String country() {
        return ISO[random.nextInt(Math.min(countries, ISO.length))];
    }

    public Event next(Instant eventTime) {
        long n = sequence++;
        String commodity = commodity(random.nextInt(commodities));
        String id = "bench-" + n;
        double pick = random.nextDouble();
        Provenance provenance = Provenance.newBuilder().setSourceId(id).setGroup(id).setAlsoIn(List.of()).setEntities(List.of()).build();
        if (pick < policyShare) {
            return new Event(Topics.POLICY_EVENTS, commodity, PolicyEvent.newBuilder().setEventId(id).setCommodity(commodity)
                    .setInstrument(PolicyInstrument.EXPORT_BAN).setAction(PolicyAction.IMPOSE).setRawSubtype("export_ban")
                    .setIssuerCountry(country()).setTargetCountries(List.of()).setEventTime(eventTime).setProvenance(provenance).build());
        }
        if (pick < policyShare + disruptionShare) {
            return new Event(Topics.DISRUPTION_EVENTS, commodity, DisruptionEvent.newBuilder().setEventId(id).setCommodity(commodity)
                    .setKind(DisruptionKind.OUTAGE).setRawSubtype("outage").setCountry(country()).setEventTime(eventTime)
                    .setProvenance(provenance).build());
        }
        if (pick < policyShare + disruptionShare + structuralShareFacts) {
            // No observed date: valid for the whole history, so it changes the scores of events already read.
            return new Event(Topics.MARKET_EVENTS, commodity, MarketEvent.newBuilder().setEventId(id).setCommodity(commodity)
                    .setMetric(MarketMetric.SUPPLY_SHARE).setRawSubtype("mine_share").setSourceKind("supply_share")
                    .setCountry(country()).setStage(io.supplyshock.schema.SupplyStage.MINE)
                    .setValue((double) Math.round(5 + random.nextDouble() * 85)).setUnit("pct").setEventTime(eventTime).setProvenance(provenance).build());
        }
        return new Event(Topics.MARKET_EVENTS, commodity, MarketEvent.newBuilder().setEventId(id).setCommodity(commodity)
                .setMetric(MarketMetric.PRICE).setRawSubtype("price").setSourceKind("price").setValue(1000 + random.nextDouble() * 100)
                .setUnit("usd_per_tonne").setEventTime(eventTime).setProvenance(provenance).build());
    }

    /**
     * The next event of the mix, with each policy and disruption replaced by an alerting ban on the same commodity:
     * the load's mix, in which every event that alerts is one whose alert a latency run can recognise.
     */
    Event nextWithRecognisableAlerts(Instant eventTime) {
        Event e = next(eventTime);
        return e.topic().equals(Topics.MARKET_EVENTS) ? e : alerting(eventTime, e.key());
    }

    static boolean isAlerting(Event e) {
        return e.value() instanceof PolicyEvent p && p.getEventId().startsWith(ALERTING_PREFIX);
    }

    /** A policy event that alerts: an export ban on a commodity of its own. */
    Event alerting(Instant eventTime) {
        return alerting(eventTime, commodity(random.nextInt(commodities)));
    }

    /** The event id of every alerting event starts with it, followed by the load's sequence number. */
    static final String ALERTING_PREFIX = "bench-alert-";

    /** The sequence number of an alerting event's id: a later event of one load has a larger one. */
    static long sequenceOf(String alertingEventId) {
        return Long.parseLong(alertingEventId.substring(ALERTING_PREFIX.length()));
    }

    Event alerting(Instant eventTime, String commodity) {
        String id = ALERTING_PREFIX + sequence++;
        return new Event(Topics.POLICY_EVENTS, commodity, PolicyEvent.newBuilder().setEventId(id).setCommodity(commodity)
                .setInstrument(PolicyInstrument.EXPORT_BAN).setAction(PolicyAction.IMPOSE).setRawSubtype("export_ban")
                .setIssuerCountry(country()).setTargetCountries(List.of()).setEventTime(eventTime)
                .setProvenance(Provenance.newBuilder().setSourceId(id).setGroup(id).setAlsoIn(List.of()).setEntities(List.of()).build()).build());
    }

    public static ExposureProfile profile(String commodity, int i, int of) {
        String entity = String.format(Locale.ROOT, "bench-entity-%06d", i);
        return ExposureProfile.newBuilder()
                .setProfileId(Topics.exposureKey(entity, commodity, null))
                .setEntityId(entity)
                .setEntityName(String.format(Locale.ROOT, "Bench Entity %06d", i))
                .setEntityType("company")
                .setCommodity(commodity)
                .setWeight(0.05 + 0.9 * i / (double) of)
                .setRole(ExposureRole.CONSUMER)
                .build();
    }
}
