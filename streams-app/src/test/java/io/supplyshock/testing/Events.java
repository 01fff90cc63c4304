package io.supplyshock.testing;

import io.supplyshock.schema.DatePrecision;
import io.supplyshock.schema.DisruptionEvent;
import io.supplyshock.schema.DisruptionKind;
import io.supplyshock.schema.ExposureProfile;
import io.supplyshock.schema.ExposureRole;
import io.supplyshock.schema.MarketEvent;
import io.supplyshock.schema.MarketMetric;
import io.supplyshock.schema.PartialDate;
import io.supplyshock.schema.PolicyAction;
import io.supplyshock.schema.PolicyEvent;
import io.supplyshock.schema.PolicyInstrument;
import io.supplyshock.schema.Provenance;
import io.supplyshock.schema.SupplyStage;
import io.supplyshock.topics.Topics;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

/**
 * Input records built by hand with the fields a stage reads, the rest left at their defaults, so that a stage
 * test shows its whole input. Builders are returned where tests commonly set one more field.
 */
public final class Events {

    private Events() {
    }

    public static Instant at(String isoDate) {
        return LocalDate.parse(isoDate).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    public static PartialDate day(String isoDate) {
        return new PartialDate(LocalDate.parse(isoDate), DatePrecision.DAY, isoDate);
    }

    /** A measure announced (and known) on {@code announced}; its group ties it to a storyline. */
    public static PolicyEvent.Builder policy(String id, String commodity, String issuer, PolicyInstrument instrument,
                                             PolicyAction action, String announced, String group) {
        return PolicyEvent.newBuilder()
                .setEventId(id).setCommodity(commodity).setIssuerCountry(issuer).setTargetCountries(List.of())
                .setInstrument(instrument).setAction(action).setRawSubtype(instrument.name().toLowerCase(Locale.ROOT))
                .setAnnouncedDate(day(announced)).setEventTime(at(announced))
                .setProvenance(provenance(id, group));
    }

    /** A country's share of one supply stage, as a producer reports it for a year. */
    public static MarketEvent share(String id, String commodity, String country, SupplyStage stage, double pct, int year) {
        return market(id, commodity, MarketMetric.SUPPLY_SHARE, LocalDate.of(year, 1, 1).toString())
                .setRawSubtype(stage.name().toLowerCase(Locale.ROOT) + "_share").setSourceKind("supply_share")
                .setCountry(country).setStage(stage).setValue(pct).setUnit("pct")
                .setObservedDate(StatedDates.of(Integer.toString(year)))
                .build();
    }

    /** A market figure observed on {@code observed}. */
    public static MarketEvent.Builder market(String id, String commodity, MarketMetric metric, String observed) {
        return MarketEvent.newBuilder()
                .setEventId(id).setCommodity(commodity).setMetric(metric)
                .setRawSubtype(metric.name().toLowerCase(Locale.ROOT)).setSourceKind("market")
                .setObservedDate(day(observed)).setEventTime(at(observed))
                .setProvenance(provenance(id, null));
    }

    public static DisruptionEvent.Builder disruption(String id, String commodity, DisruptionKind kind, String affectedCountry, String start) {
        return DisruptionEvent.newBuilder()
                .setEventId(id).setCommodity(commodity).setKind(kind).setRawSubtype(kind.name().toLowerCase(Locale.ROOT))
                .setAffectedCountry(affectedCountry).setStartDate(day(start)).setEventTime(at(start))
                .setProvenance(provenance(id, null));
    }

    /** An entity's dependence on a commodity, from any supplying country when {@code country} is null. */
    public static ExposureProfile profile(String entityId, String entityName, String commodity, String country, double weight) {
        return ExposureProfile.newBuilder()
                .setProfileId(Topics.exposureKey(entityId, commodity, country))
                .setEntityId(entityId).setEntityName(entityName).setCommodity(commodity).setCountry(country)
                .setWeight(weight).setRole(ExposureRole.CONSUMER)
                .build();
    }

    private static Provenance provenance(String sourceId, String group) {
        return Provenance.newBuilder().setSourceId(sourceId).setGroup(group).setSummary("summary of " + sourceId).build();
    }
}
