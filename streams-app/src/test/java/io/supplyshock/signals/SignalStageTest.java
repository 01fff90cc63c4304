package io.supplyshock.signals;

import io.supplyshock.config.AppConfig;
import io.supplyshock.state.Fact;
import io.supplyshock.schema.AlertType;
import io.supplyshock.schema.CommodityState;
import io.supplyshock.schema.MarketEvent;
import io.supplyshock.schema.MarketMetric;
import io.supplyshock.schema.PolicyAction;
import io.supplyshock.schema.PolicyEvent;
import io.supplyshock.schema.PolicyInstrument;
import io.supplyshock.schema.Severity;
import io.supplyshock.schema.SupplyStage;
import io.supplyshock.schema.internal.ScoredShock;
import io.supplyshock.state.FactInContext;
import io.supplyshock.testing.InContext;
import io.supplyshock.testing.StageDriver;
import io.supplyshock.schema.internal.StatePart;
import io.supplyshock.state.StateParts;
import io.supplyshock.topics.StoreNames;
import org.apache.kafka.streams.state.KeyValueStore;
import java.time.Instant;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.supplyshock.testing.Events.at;
import static io.supplyshock.testing.Events.day;
import static io.supplyshock.testing.Events.market;
import static io.supplyshock.testing.Events.policy;
import static io.supplyshock.testing.Events.share;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * The signal stage alone: facts in their commodity's context in, market signals and deadline milestones out.
 * Milestones are checked against the commodity-state store, which the state stage writes; here the test adds
 * that store and writes into it what the state stage would.
 */
class SignalStageTest {

    private static final SignalSettings EVENT_TIME_CLOCK = SignalSettings.from(AppConfig.of(Map.of("signals.clock", "event-time")));
    private final InContext context = new InContext();
    private final List<String> lateCommodities = new ArrayList<>();
    @AutoClose
    private final StageDriver stage = new StageDriver();
    private final TestInputTopic<String, FactInContext> facts;
    private final TestOutputTopic<String, ScoredShock> signals;

    SignalStageTest() {
        for (String store : List.of(StoreNames.COMMODITY_STATE_PARTS, StoreNames.COMMODITY_STATE_HISTORY)) {
            stage.builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(store), Serdes.String(), stage.topics.statePartSerde()));
        }
        var in = stage.stream("facts-in-context", stage.<FactInContext>inProcess());
        stage.capture(SignalTopology.build(stage.builder, stage.topics, in, EVENT_TIME_CLOCK, lateCommodities::add),
                "signals", stage.topics.shockSerde());
        facts = stage.input("facts-in-context", stage.inProcess());
        signals = stage.output("signals", stage.scoredShocks);
    }

    @Test
    void aStatedPriceMoveAboveTheThresholdIsAPriceSpikeOfItsCommodity() {
        pipe(new Fact.Market(tungstenUp(229.0)));

        List<KeyValue<String, ScoredShock>> out = signals.readKeyValuesToList();

        assertThat(out).hasSize(1);
        assertThat(out.getFirst().key).isEqualTo("tungsten");
        ScoredShock spike = out.getFirst().value;
        assertThat(spike.getAlertType()).isEqualTo(AlertType.PRICE_SPIKE);
        assertThat(spike.getDedupKey()).isEqualTo("signal:PRICE_SPIKE|tungsten|-|2025-01-01");
        // (0.4 + 0.5 x 229/200) x 0.85 (no policy to confirm it) = 0.827
        assertThat(spike.getScore()).isEqualTo(83);
        assertThat(spike.getSeverity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void aMoveBelowTheThresholdIsNoSignal() {
        pipe(new Fact.Market(tungstenUp(42.0)));

        assertThat(signals.isEmpty()).isTrue();
    }

    @Test
    void aMarketFactLaterThanTheGracePeriodIsReportedAndOpensNoSignal() {
        pipe(new Fact.Market(market("recent", "tungsten", MarketMetric.PRICE, "2026-03-01").setValue(400.0).setUnit("usd_per_mtu").build()));
        pipe(new Fact.Market(tungstenUp(229.0))); // ends 2025-12-31, two months before the newest point: past 30 days of grace

        assertThat(signals.isEmpty()).isTrue();
        assertThat(lateCommodities).containsExactly("tungsten");
    }

    @Test
    void aMeasureCountsDownInEventTimeAsLaterFactsMoveTheClock() {
        pipe(new Fact.Market(share("cn-refining", "gallium", "CN", SupplyStage.REFINED, 98.0, 2023)));
        pipe(new Fact.Policy(galliumBan()));
        assertThat(signals.isEmpty()).isTrue();

        pipe(new Fact.Market(share("later", "copper", "CL", SupplyStage.MINE, 24.0, 2026))); // 2026-01-01: past every milestone

        List<KeyValue<String, ScoredShock>> due = signals.readKeyValuesToList();
        assertThat(due).extracting(kv -> kv.key, kv -> kv.value.getAlertType(), kv -> kv.value.getEventTime())
                .containsExactly(
                        tuple("gallium", AlertType.COUNTDOWN, at("2025-02-01")),
                        tuple("gallium", AlertType.COUNTDOWN, at("2025-02-24")),
                        tuple("gallium", AlertType.COUNTDOWN, at("2025-03-02")),
                        tuple("gallium", AlertType.TAKES_EFFECT, at("2025-03-03")));
        assertThat(due.getLast().value.getDedupKey()).isEqualTo("deadline:group:CN_GA|TAKES_EFFECT|2025-03-03|0");
    }

    @Test
    void aMilestoneWhoseMeasureWasPausedByItsDueTimeIsDropped() {
        pipe(new Fact.Market(share("cn-refining", "gallium", "CN", SupplyStage.REFINED, 98.0, 2023)));
        pipe(new Fact.Policy(galliumBan()));
        PolicyEvent pause = policy("pause", "gallium", "CN", PolicyInstrument.EXPORT_BAN, PolicyAction.PAUSE, "2025-02-10", "TRUCE")
                .setEffectiveDate(day("2025-02-10")).build();
        CommodityState paused = context.next(new Fact.Policy(pause)).latest();
        // What the state stage writes: the paused measure, from the pause on.
        KeyValueStore<String, StatePart> parts = stage.driver().getKeyValueStore(StoreNames.COMMODITY_STATE_PARTS);
        StateParts.of(paused).forEach((id, part) -> parts.put(StateParts.key("gallium", id), new StatePart(part, null)));
        parts.put(StateParts.key("gallium", StateParts.HEADER), new StatePart(StateParts.header(paused, at("2025-02-10"), Instant.EPOCH, 0), null));

        pipe(new Fact.Market(share("later", "copper", "CL", SupplyStage.MINE, 24.0, 2026)));

        assertThat(signals.readValuesToList()).extracting(ScoredShock::getEventTime).containsExactly(at("2025-02-01"));
    }

    /** Tungsten up by {@code pct} over 2025, as the news states a move. */
    private static MarketEvent tungstenUp(double pct) {
        return market("tungsten-2025", "tungsten", MarketMetric.PRICE_MOVE, "2025-12-31")
                .setValue(pct).setUnit("pct").setDirection("up").setPeriodStart(day("2025-01-01")).build();
    }

    /** China's ban on gallium exports, announced 2024-12-03 and in force from 2025-03-03. */
    private static PolicyEvent galliumBan() {
        return policy("ban", "gallium", "CN", PolicyInstrument.EXPORT_BAN, PolicyAction.IMPOSE, "2024-12-03", "CN_GA")
                .setEffectiveDate(day("2025-03-03")).build();
    }

    private void pipe(Fact fact) {
        facts.pipeInput(fact.commodity(), context.next(fact), fact.eventTime());
    }
}
