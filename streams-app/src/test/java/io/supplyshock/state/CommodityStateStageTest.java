package io.supplyshock.state;

import io.supplyshock.state.Fact;
import io.supplyshock.schema.CommodityState;
import io.supplyshock.schema.Measure;
import io.supplyshock.schema.PolicyAction;
import io.supplyshock.schema.PolicyEvent;
import io.supplyshock.schema.SupplyShare;
import io.supplyshock.schema.SupplyStage;
import io.supplyshock.schema.MarketEvent;
import io.supplyshock.schema.MarketMetric;
import io.supplyshock.schema.internal.StatePart;
import io.supplyshock.testing.StageDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import java.util.ArrayList;
import io.supplyshock.topics.StoreNames;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static io.supplyshock.schema.PolicyInstrument.EXPORT_LICENCE;
import static io.supplyshock.testing.Events.at;
import static io.supplyshock.testing.Events.day;
import static io.supplyshock.testing.Events.market;
import static io.supplyshock.testing.Events.policy;
import static io.supplyshock.testing.Events.share;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/** The state stage alone: facts keyed by commodity in, facts in context and the commodity-state topic out. */
class CommodityStateStageTest {

    @AutoClose
    private final StageDriver stage = new StageDriver();
    private final TestInputTopic<String, Fact> facts;
    private final TestOutputTopic<String, FactInContext> inContext;
    private final TestOutputTopic<String, CommodityState> stateTopic;

    CommodityStateStageTest() {
        var in = stage.stream("facts", stage.<Fact>inProcess());
        stage.capture(CommodityStateTopology.build(stage.builder, stage.topics, in, Duration.ofDays(3650), Duration.ofSeconds(1)),
                "facts-in-context", stage.inProcess());
        facts = stage.input("facts", stage.inProcess());
        inContext = stage.output("facts-in-context", stage.inProcess());
        stateTopic = stage.output(stage.topics.commodityState());
    }

    @Test
    void eachIntervalPublishesTheNewestStateOfEveryCommodityThatChangedKeyedByCommodity() {
        pipe(new Fact.Market(share("cn-processing", "rare_earths", "CN", SupplyStage.PROCESSING, 92.0, 2023)));
        pipe(new Fact.Policy(licence()));
        assertThat(stateTopic.isEmpty()).isTrue();

        stage.driver().advanceWallClockTime(Duration.ofSeconds(1));
        List<KeyValue<String, CommodityState>> published = stateTopic.readKeyValuesToList();

        assertThat(published).extracting(kv -> kv.key, kv -> kv.value.getLastEventId(), kv -> kv.value.getEventCount())
                .containsExactly(tuple("rare_earths", "licence", 2L));
        assertThat(published.getLast().value.getMeasures()).extracting(Measure::getEventId).containsExactly("licence");
        assertThat(published.getLast().value.getSupplyShares()).extracting(SupplyShare::getCountry, SupplyShare::getSharePct)
                .containsExactly(tuple("CN", 92.0));
    }

    @Test
    void busyCommoditiesArePublishedOncePerIntervalEachOnItsOwnTick() {
        List<String> commodities = List.of("copper", "nickel", "cobalt", "lithium", "tungsten", "gallium");
        java.util.Map<String, List<Integer>> ticksPublished = new java.util.TreeMap<>();
        for (int tick = 1; tick <= 40; tick++) {
            for (String commodity : commodities) {
                pipe(new Fact.Market(share(commodity + "-" + tick, commodity, "CN", SupplyStage.MINE, 50.0 + tick % 7, 2024)));
            }
            stage.driver().advanceWallClockTime(Duration.ofMillis(100));
            for (KeyValue<String, CommodityState> kv : stateTopic.readKeyValuesToList()) {
                ticksPublished.computeIfAbsent(kv.key, k -> new ArrayList<>()).add(tick);
            }
        }

        assertThat(ticksPublished).containsOnlyKeys(commodities);
        ticksPublished.forEach((commodity, ticks) -> {
            assertThat(ticks).as(commodity).hasSizeBetween(4, 5);
            for (int i = 1; i < ticks.size(); i++) assertThat(ticks.get(i) - ticks.get(i - 1)).as(commodity).isEqualTo(10);
        });
        // Six commodities changing on every tick do not all go out on one tick a second.
        assertThat(ticksPublished.values().stream().map(ticks -> ticks.getLast() % 10).distinct().count()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void theNewestStateHandedOnWithEachFactIsTheStateItsPartsMake() {
        // The seed news shuffled (a fixed seed), so many facts arrive after newer ones of their commodity.
        var store = stores(stage);
        int late = 0;
        var shuffled = new ArrayList<>(io.supplyshock.testing.ReferenceData.seedEvents());
        java.util.Collections.shuffle(shuffled, new java.util.Random(7));
        for (var e : shuffled) {
            Fact fact = switch (e.value()) {
                case PolicyEvent p -> new Fact.Policy(p);
                case MarketEvent m -> new Fact.Market(m);
                case io.supplyshock.schema.DisruptionEvent d -> new Fact.Disruption(d);
                default -> throw new IllegalStateException();
            };
            CommodityState before = store.latest(fact.commodity());
            if (before != null && fact.eventTime().isBefore(before.getUpdatedAt())) late++;
            pipe(fact);
            FactInContext handedOn = inContext.readValue();
            assertThat(handedOn.latest()).as(fact.eventId()).isEqualTo(store.latest(fact.commodity()));
        }
        assertThat(late).isGreaterThan(20);
    }

    @Test
    void theFirstPublicationOfATaskCarriesEveryCommodityItsStoresHold() {
        // What a restarted task finds: parts restored from the changelog, and no record of what was published.
        KeyValueStore<String, StatePart> parts = stage.driver().getKeyValueStore(StoreNames.COMMODITY_STATE_PARTS);
        SupplyShare share = StateParts.canonical(CommodityStates.apply(CommodityStates.empty("copper"),
                new Fact.Market(share("cl", "copper", "CL", SupplyStage.MINE, 24.0, 2024))).state()).getSupplyShares().getFirst();
        parts.put(StateParts.key("copper", "S|CL|MINE"), new StatePart(share, null));
        parts.put(StateParts.key("copper", StateParts.HEADER), new StatePart(io.supplyshock.schema.internal.StateHeader.newBuilder()
                .setEventCount(1).setLastEventId("cl").setUpdatedAt(at("2024-01-01")).setNewestVersion(at("2024-01-01"))
                .setHistoryHorizon(java.time.Instant.EPOCH).build(), null));
        pipe(new Fact.Policy(licence()));

        stage.driver().advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(stateTopic.readKeyValuesToList()).extracting(kv -> kv.key, kv -> kv.value.getEventCount())
                .containsExactlyInAnyOrder(tuple("rare_earths", 1L), tuple("copper", 1L));
        pipe(new Fact.Policy(licence()));
        stage.driver().advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(stateTopic.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("rare_earths");
    }

    @Test
    void aFactWritesOneEntryPerPartItChangesWithTheHeaderRidingOnItsLastPart() {
        KeyValueStore<String, StatePart> parts = stage.driver().getKeyValueStore(StoreNames.COMMODITY_STATE_PARTS);
        pipe(new Fact.Market(share("cn-2023", "rare_earths", "CN", SupplyStage.PROCESSING, 92.0, 2023)));
        pipe(new Fact.Policy(licence()));
        pipe(new Fact.Market(share("cn-2026", "rare_earths", "CN", SupplyStage.PROCESSING, 90.0, 2026)));

        // The header's own entry is the first fact's: it is written once, so the commodity has an entry under it.
        assertThat(((io.supplyshock.schema.internal.StateHeader) parts.get(StateParts.key("rare_earths", StateParts.HEADER)).getValue())
                .getEventCount()).isEqualTo(1);
        // The later facts' headers ride on parts they wrote: the licence's on its measure's block (the commodity's
        // first block of measure slots), the 2026 figure's on the
        // last of the two it rewrote (the share and its observation series), each on one entry only.
        List<String> carried = new ArrayList<>();
        try (KeyValueIterator<String, StatePart> it = parts.all()) {
            it.forEachRemaining(kv -> {
                if (kv.value.getHeader() != null) carried.add(kv.key + "=" + kv.value.getHeader().getEventCount());
            });
        }
        assertThat(carried).containsExactlyInAnyOrder("rare_earths|M#00=2", "rare_earths|O|SUPPLY_SHARE|processing_share|=3");
        // What a restarted task reads: the header of the newest fact, wherever it rides.
        CommodityState reread = CommodityStateStore.current(parts, "rare_earths").state();
        assertThat(reread.getEventCount()).isEqualTo(3);
        assertThat(reread.getLastEventId()).isEqualTo("cn-2026");
        assertThat(reread).isEqualTo(inContext.readValuesToList().getLast().latest());
    }

    @Test
    void aMeasurePastTheCapTakesTheSlotOfTheOneItPushesOut() {
        KeyValueStore<String, StatePart> parts = stage.driver().getKeyValueStore(StoreNames.COMMODITY_STATE_PARTS);
        for (int i = 0; i < CommodityStates.MAX_MEASURES; i++) pipe(new Fact.Policy(ban("ban-" + i, i)));
        Map<String, String> before = measureEntries(parts, "gallium");
        // Ten blocks of ten slots, filled in turn.
        assertThat(before.keySet()).hasSize(CommodityStates.MAX_MEASURES).allMatch(key -> key.matches("gallium\\|M#0\\d\\[\\d]"));
        assertThat(before).containsEntry("gallium|M#00[0]", "ban-0").containsEntry("gallium|M#09[9]", "ban-99");

        pipe(new Fact.Policy(ban("ban-new", 365)));

        Map<String, String> after = measureEntries(parts, "gallium");
        CommodityState latest = inContext.readValuesToList().getLast().latest();
        // The same hundred slots: the new measure sits where the one it pushed out sat.
        assertThat(after.keySet()).isEqualTo(before.keySet());
        assertThat(after.values()).containsExactlyInAnyOrderElementsOf(latest.getMeasures().stream().map(Measure::getEventId).toList())
                .contains("ban-new");
        String pushedOut = before.values().stream().filter(id -> !after.containsValue(id)).findFirst().orElseThrow();
        assertThat(after.get(before.entrySet().stream().filter(e -> e.getValue().equals(pushedOut)).findFirst().orElseThrow().getKey()))
                .isEqualTo("ban-new");
        assertThat(CommodityStateStore.current(parts, "gallium").state()).isEqualTo(latest);
    }

    @Test
    void measuresStoredOnTheirOwnByAnEarlierReleaseAreReadAndMoveIntoSlotsAsTheyChange() {
        KeyValueStore<String, StatePart> parts = stage.driver().getKeyValueStore(StoreNames.COMMODITY_STATE_PARTS);
        CommodityState full = CommodityStates.empty("gallium");
        for (int i = 0; i < CommodityStates.MAX_MEASURES; i++) full = CommodityStates.apply(full, new Fact.Policy(ban("ban-" + i, i))).state();
        full = StateParts.canonical(full);
        StateParts.of(full).forEach((id, part) -> parts.put(StateParts.key("gallium", id), new StatePart(part, null)));
        parts.put(StateParts.key("gallium", StateParts.HEADER), new StatePart(StateParts.header(full, full.getUpdatedAt(), java.time.Instant.EPOCH, 0), null));
        Map<String, String> before = measureEntries(parts, "gallium");
        assertThat(before.keySet()).allMatch(key -> key.startsWith("gallium|M|ban-"));

        pipe(new Fact.Policy(ban("ban-new", 365)));

        Map<String, String> after = measureEntries(parts, "gallium");
        CommodityState latest = inContext.readValuesToList().getLast().latest();
        String pushedOut = before.values().stream().filter(id -> !after.containsValue(id)).findFirst().orElseThrow();
        // The measure pushed out loses its record; the new one goes into the first block of slots; the others stay.
        assertThat(after).hasSize(CommodityStates.MAX_MEASURES).containsEntry("gallium|M#00[0]", "ban-new")
                .doesNotContainKey(StateParts.key("gallium", "M|" + pushedOut));
        assertThat(after.keySet().stream().filter(key -> key.startsWith("gallium|M|"))).hasSize(CommodityStates.MAX_MEASURES - 1);
        assertThat(CommodityStateStore.current(parts, "gallium").state()).isEqualTo(latest);

        // A measure stored on its own that changes moves into a slot: a pause ends every ban, so all move.
        pipe(new Fact.Policy(policy("pause", "gallium", "CN", io.supplyshock.schema.PolicyInstrument.EXPORT_BAN, PolicyAction.PAUSE,
                "2026-02-01", null).build()));
        Map<String, String> moved = measureEntries(parts, "gallium");
        assertThat(moved.keySet()).allMatch(key -> key.startsWith("gallium|M#"));
        assertThat(CommodityStateStore.current(parts, "gallium").state()).isEqualTo(inContext.readValuesToList().getLast().latest());
    }

    /**
     * Where each measure of the commodity is stored, to its event id: a block's key with the slot within it
     * ({@code commodity|M#00[3]}), or the key of a record of its own.
     */
    private static Map<String, String> measureEntries(KeyValueStore<String, StatePart> parts, String commodity) {
        Map<String, String> entries = new java.util.TreeMap<>();
        try (KeyValueIterator<String, StatePart> it = parts.prefixScan(StateParts.prefix(commodity), new org.apache.kafka.common.serialization.StringSerializer())) {
            it.forEachRemaining(kv -> {
                if (kv.value.getValue() instanceof Measure m) entries.put(kv.key, m.getEventId());
                if (kv.value.getValue() instanceof io.supplyshock.schema.internal.MeasureBlock block) {
                    for (int i = 0; i < block.getMeasures().size(); i++) {
                        if (block.getMeasures().get(i) != null) entries.put(kv.key + "[" + i + "]", block.getMeasures().get(i).getEventId());
                    }
                }
            });
        }
        return entries;
    }

    private static PolicyEvent ban(String id, int daysAfterNewYear2025) {
        return policy(id, "gallium", "CN", io.supplyshock.schema.PolicyInstrument.EXPORT_BAN, PolicyAction.IMPOSE,
                LocalDate.of(2025, 1, 1).plusDays(daysAfterNewYear2025).toString(), null).build();
    }

    @Test
    void aFactIsHandedOnWithTheStateAtItsEventTimeAndTheNewestState() {
        pipe(new Fact.Market(share("cn-2023", "rare_earths", "CN", SupplyStage.PROCESSING, 92.0, 2023)));
        pipe(new Fact.Market(share("cn-2026", "rare_earths", "CN", SupplyStage.PROCESSING, 90.0, 2026)));
        inContext.readValuesToList();

        pipe(new Fact.Policy(licence())); // dated 2025, between the two shares

        FactInContext licence = inContext.readValue();
        assertThat(licence.fact().eventId()).isEqualTo("licence");
        assertThat(licence.atEventTime().getSupplyShares()).extracting(SupplyShare::getSource).containsExactly("cn-2023");
        assertThat(licence.latest().getSupplyShares()).extracting(SupplyShare::getSource).containsExactly("cn-2026");
        assertThat(licence.latest().getMeasures()).extracting(Measure::getEventId).containsExactly("licence");
    }

    @Test
    void aPauseNamesTheMeasuresItEndsAndTheStateRecordsWhenTheyResume() {
        pipe(new Fact.Policy(licence()));
        pipe(new Fact.Policy(policy("pause", "rare_earths", "CN", EXPORT_LICENCE, PolicyAction.PAUSE, "2025-11-01", "TRUCE")
                .setEffectiveDate(day("2025-11-01")).setExpiryDate(day("2026-11-01")).build()));

        FactInContext pause = inContext.readValuesToList().getLast();

        assertThat(pause.ended()).extracting(Measure::getEventId).containsExactly("licence");
        Measure ended = pause.latest().getMeasures().stream().filter(m -> m.getEventId().equals("licence")).findFirst().orElseThrow();
        assertThat(ended.getEndedBy()).isEqualTo("pause");
        assertThat(ended.getResumesOn()).isEqualTo(LocalDate.of(2026, 11, 1));
    }

    @Test
    void theStateStoresAnswerAsOfAnyTimeAndAFactIsStampedNoEarlierThanItsEventTime() {
        pipe(new Fact.Market(share("cn-2023", "rare_earths", "CN", SupplyStage.PROCESSING, 92.0, 2023)));
        // A record stamped before the event it carries is handed on at the event's time, so stream time downstream follows event time.
        facts.pipeInput("rare_earths", new Fact.Policy(licence()), at("2024-01-01"));

        TestRecord<String, FactInContext> licence = inContext.readRecordsToList().getLast();
        var store = stores(stage);

        assertThat(licence.timestamp()).isEqualTo(at("2025-10-09").toEpochMilli());
        assertThat(store.asOf("rare_earths", at("2024-06-01").toEpochMilli()).getMeasures()).isEmpty();
        assertThat(store.asOf("rare_earths", at("2024-06-01").toEpochMilli()).getSupplyShares()).extracting(SupplyShare::getSource).containsExactly("cn-2023");
        assertThat(store.asOf("rare_earths", at("2025-10-10").toEpochMilli()).getMeasures())
                .extracting(Measure::getEventId).containsExactly("licence");
        assertThat(store.asOf("rare_earths", at("2022-12-31").toEpochMilli())).isNull();
        assertThat(store.asOf("copper", at("2025-10-10").toEpochMilli())).isNull();
    }

    @Test
    void aLateFactHoldsFromItsOwnTimeUntilItsPartNextChanges() {
        pipe(new Fact.Market(share("cn-2023", "rare_earths", "CN", SupplyStage.PROCESSING, 92.0, 2023)));
        pipe(new Fact.Market(share("cn-2026", "rare_earths", "CN", SupplyStage.PROCESSING, 90.0, 2026)));
        // Both late: a share dated between the two, and a licence of 2025.
        pipe(new Fact.Market(share("cn-2024", "rare_earths", "CN", SupplyStage.PROCESSING, 95.0, 2024)));
        pipe(new Fact.Policy(licence()));
        var store = stores(stage);

        assertThat(store.asOf("rare_earths", at("2023-06-01").toEpochMilli()).getSupplyShares()).extracting(SupplyShare::getSource).containsExactly("cn-2023");
        assertThat(store.asOf("rare_earths", at("2025-06-01").toEpochMilli()).getSupplyShares()).extracting(SupplyShare::getSource).containsExactly("cn-2024");
        assertThat(store.asOf("rare_earths", at("2025-06-01").toEpochMilli()).getMeasures()).isEmpty();
        assertThat(store.asOf("rare_earths", at("2025-12-01").toEpochMilli()).getMeasures()).extracting(Measure::getEventId).containsExactly("licence");
        assertThat(store.asOf("rare_earths", at("2026-06-01").toEpochMilli()).getSupplyShares()).extracting(SupplyShare::getSource).containsExactly("cn-2026");
        CommodityState latest = store.latest("rare_earths");
        assertThat(latest.getSupplyShares()).extracting(SupplyShare::getSource).containsExactly("cn-2026");
        assertThat(latest.getMeasures()).extracting(Measure::getEventId).containsExactly("licence");
        assertThat(latest.getEventCount()).isEqualTo(4);
    }

    @Test
    void historyOlderThanTheRetentionIsDroppedAndAFactOlderThanWhatIsKeptMeetsAnEmptyState() {
        try (StageDriver short30 = new StageDriver()) {
            var in = short30.stream("facts", short30.<Fact>inProcess());
            short30.capture(CommodityStateTopology.build(short30.builder, short30.topics, in, Duration.ofDays(30), Duration.ofSeconds(1)), "out", short30.inProcess());
            TestInputTopic<String, Fact> input = short30.input("facts", short30.inProcess());
            TestOutputTopic<String, FactInContext> out = short30.output("out", short30.inProcess());
            LocalDate first = LocalDate.of(2025, 1, 1);
            for (int day = 0; day < 70; day++) {
                MarketEvent chile = chileShare("s" + day, first.plusDays(day).toString(), 20.0 + day % 10);
                input.pipeInput("copper", new Fact.Market(chile), chile.getEventTime());
            }
            var store = stores(short30);
            // Swept at the 64th fact (2025-03-05): versions that ended more than 30 days before it are gone.
            assertThat(store.asOf("copper", at("2025-01-20").toEpochMilli())).isNull();
            assertThat(store.asOf("copper", at("2025-02-10").toEpochMilli()).getSupplyShares()).extracting(SupplyShare::getSource).containsExactly("s40");
            KeyValueStore<String, StatePart> history = short30.driver().getKeyValueStore(StoreNames.COMMODITY_STATE_HISTORY);
            List<String> kept = new ArrayList<>();
            try (KeyValueIterator<String, StatePart> it = history.all()) {
                it.forEachRemaining(kv -> kept.add(kv.key));
            }
            assertThat(kept).hasSizeBetween(30, 40).allSatisfy(key -> assertThat(key).isGreaterThan(StateParts.historyFrom("copper", at("2025-02-01").toEpochMilli())));

            out.readValuesToList();
            MarketEvent old = chileShare("s-old", "2025-01-05", 50.0);
            input.pipeInput("copper", new Fact.Market(old), old.getEventTime());
            FactInContext late = out.readValue();
            assertThat(late.atEventTime().getSupplyShares()).isEmpty();
            assertThat(late.latest().getSupplyShares()).extracting(SupplyShare::getSource).containsExactly("s69");
        }
    }

    /** Chile's share of copper mine output, stated for one day. */
    private static MarketEvent chileShare(String id, String day, double pct) {
        return market(id, "copper", MarketMetric.SUPPLY_SHARE, day).setRawSubtype("mine_share").setSourceKind("supply_share")
                .setCountry("CL").setStage(SupplyStage.MINE).setValue(pct).setUnit("pct").build();
    }

    private static CommodityStateStore stores(StageDriver driver) {
        return new CommodityStateStore(driver.driver().getKeyValueStore(StoreNames.COMMODITY_STATE_PARTS),
                driver.driver().getKeyValueStore(StoreNames.COMMODITY_STATE_HISTORY));
    }

    private static PolicyEvent licence() {
        return policy("licence", "rare_earths", "CN", EXPORT_LICENCE, PolicyAction.IMPOSE, "2025-10-09", "CN_REE_EXPORT_CTRL")
                .setEffectiveDate(day("2025-12-01")).build();
    }

    private void pipe(Fact fact) {
        facts.pipeInput(fact.commodity(), fact, fact.eventTime());
    }
}
