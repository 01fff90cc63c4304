package io.supplyshock.state;

import io.supplyshock.schema.CommodityState;
import io.supplyshock.schema.MarketMetric;
import io.supplyshock.schema.MarketSize;
import io.supplyshock.schema.Measure;
import io.supplyshock.schema.Observation;
import io.supplyshock.schema.PolicyAction;
import io.supplyshock.schema.PolicyInstrument;
import io.supplyshock.schema.RegionalDemand;
import io.supplyshock.schema.SupplyShare;
import io.supplyshock.schema.SupplyStage;
import io.supplyshock.schema.internal.StateHeader;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A state with some parts changed, built from the canonical state it changes ({@link StateParts#withChanges}), is the
 * state {@link StateParts#assemble} makes of the changed parts: the same lists in the same order.
 */
class StatePartsTest {

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    private static final String[] COUNTRIES = {"CN", "US", "AU", "CL", "CD", "ID", "RU", "ZA"};

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void changingAFewPartsOfACanonicalStateGivesWhatAssemblingAllPartsGives(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        StateHeader header = StateHeader.newBuilder().setEventCount(7).setLastEventId("e7").setUpdatedAt(T0)
                .setNewestVersion(T0).setHistoryHorizon(Instant.EPOCH).setHistoryEntries(0).build();
        Map<String, SpecificRecord> parts = new HashMap<>();
        for (int i = 0; i < 60 + random.nextInt(60); i++) put(parts, randomPart(random, i));
        CommodityState base = StateParts.assemble("nickel", header, parts.values());

        int untouchedMeasureLists = 0;
        for (int round = 0; round < 200; round++) {
            Map<String, SpecificRecord> changed = new HashMap<>();
            List<String> ids = new ArrayList<>(parts.keySet());
            for (int k = 0; k < random.nextInt(6); k++) {
                String id = ids.get(random.nextInt(ids.size()));
                // A part's earlier value, or none: as a state as of an earlier time sees it.
                changed.put(id, random.nextBoolean() ? null : sameIdOtherValue(random, parts.get(id)));
            }
            // Parts no longer held now but held then (a measure evicted or ended since).
            for (int k = 0; k < random.nextInt(3); k++) {
                SpecificRecord extra = randomPart(random, 1_000 + round * 10 + k);
                changed.put(idOf(extra), extra);
            }
            Instant cut = T0.plusSeconds(random.nextInt(200) * 3600L);
            Predicate<SpecificRecord> laterMeasure = random.nextBoolean() ? p -> false : p -> StateParts.notYetAt(p, cut.toEpochMilli());

            Map<String, SpecificRecord> expectedParts = new HashMap<>(parts);
            changed.forEach((id, v) -> {
                if (v == null) expectedParts.remove(id);
                else expectedParts.put(id, v);
            });
            expectedParts.values().removeIf(laterMeasure);

            CommodityState got = StateParts.withChanges(base, changed, laterMeasure, header);

            assertThat(got).isEqualTo(StateParts.assemble("nickel", header, expectedParts.values()));
            assertThat(StateParts.changes(base, got)).as("the parts that differ, found without keying the untouched ones")
                    .isEqualTo(differences(StateParts.of(base), StateParts.of(got)));
            // A list none of whose parts changed or was left out is handed on as it is: the diff skips it by identity.
            if (changed.keySet().stream().noneMatch(id -> id.startsWith("S|"))) {
                assertThat(got.getSupplyShares()).isSameAs(base.getSupplyShares());
            }
            if (changed.keySet().stream().noneMatch(id -> id.startsWith("M|")) && base.getMeasures().stream().noneMatch(laterMeasure)) {
                assertThat(got.getMeasures()).isSameAs(base.getMeasures());
                untouchedMeasureLists++;
            }
        }
        assertThat(untouchedMeasureLists).as("rounds that leave the measures untouched").isPositive();
    }

    /** Every part id whose value differs, with its value after (null: gone), by comparing all parts of both states. */
    private static Map<String, SpecificRecord> differences(Map<String, SpecificRecord> before, Map<String, SpecificRecord> after) {
        Map<String, SpecificRecord> out = new HashMap<>();
        after.forEach((id, part) -> {
            if (!part.equals(before.get(id))) out.put(id, part);
        });
        before.keySet().stream().filter(id -> !after.containsKey(id)).forEach(id -> out.put(id, null));
        return out;
    }

    private static void put(Map<String, SpecificRecord> parts, SpecificRecord part) {
        parts.put(idOf(part), part);
    }

    private static String idOf(SpecificRecord part) {
        return switch (part) {
            case SupplyShare s -> StateParts.shareId(s);
            case RegionalDemand d -> StateParts.demandId(d);
            case Measure m -> StateParts.measureId(m);
            case Observation o -> StateParts.observationId(o);
            case MarketSize k -> StateParts.MARKET;
            default -> throw new IllegalArgumentException(part.toString());
        };
    }

    private static SpecificRecord randomPart(SplittableRandom random, int n) {
        return switch (random.nextInt(5)) {
            case 0 -> SupplyShare.newBuilder().setCountry(COUNTRIES[random.nextInt(COUNTRIES.length)])
                    .setStage(SupplyStage.values()[random.nextInt(SupplyStage.values().length)]).setSharePct(random.nextInt(100)).build();
            case 1 -> RegionalDemand.newBuilder().setRegion(COUNTRIES[random.nextInt(COUNTRIES.length)]).setSource("s" + random.nextInt(3))
                    .setAnnualConsumption((double) random.nextInt(1000)).build();
            case 2 -> Observation.newBuilder().setMetric(MarketMetric.PRICE).setRawSubtype("price").setVenue("v" + n)
                    .setValue((double) random.nextInt(1000)).setObservedAt(T0.plusSeconds(random.nextInt(100) * 3600L))
                    .setEventId("o" + n).build();
            case 3 -> MarketSize.newBuilder().setAnnualValueUsd((double) random.nextInt(1000)).build();
            default -> Measure.newBuilder().setEventId("m" + n).setInstrument(PolicyInstrument.EXPORT_BAN).setAction(PolicyAction.IMPOSE)
                    .setRawSubtype("export_ban").setIssuerCountry(COUNTRIES[random.nextInt(COUNTRIES.length)])
                    // Several measures share an event time, so the event id decides their order.
                    .setEventTime(T0.plusSeconds(random.nextInt(100) * 3600L)).build();
        };
    }

    /** The same part id with another value; for a measure, one of its own event time, as its history holds. */
    private static SpecificRecord sameIdOtherValue(SplittableRandom random, SpecificRecord part) {
        return switch (part) {
            case SupplyShare s -> SupplyShare.newBuilder(s).setSharePct(s.getSharePct() + 1).build();
            case RegionalDemand d -> RegionalDemand.newBuilder(d).setAnnualConsumption(random.nextInt(1000) + 0.5).build();
            case Measure m -> Measure.newBuilder(m).setValue((double) random.nextInt(50)).build();
            case Observation o -> Observation.newBuilder(o).setValue(o.getValue() + 1).build();
            case MarketSize k -> MarketSize.newBuilder(k).setAnnualValueUsd(k.getAnnualValueUsd() + 1).build();
            default -> throw new IllegalArgumentException(part.toString());
        };
    }
}
