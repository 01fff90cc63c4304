package io.supplyshock.state;

import io.supplyshock.state.Fact;
import io.supplyshock.schema.CommodityState;
import io.supplyshock.schema.Measure;
import io.supplyshock.schema.PolicyAction;
import io.supplyshock.schema.PolicyEvent;
import io.supplyshock.schema.SupplyShare;
import io.supplyshock.schema.SupplyStage;
import io.supplyshock.testing.StageDriver;
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

import static io.supplyshock.schema.PolicyInstrument.EXPORT_LICENCE;
import static io.supplyshock.testing.Events.at;
import static io.supplyshock.testing.Events.day;
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
        stage.capture(CommodityStateTopology.build(stage.builder, stage.topics, in, Duration.ofDays(3650), Duration.ofHours(1)),
                "facts-in-context", stage.inProcess());
        facts = stage.input("facts", stage.inProcess());
        inContext = stage.output("facts-in-context", stage.inProcess());
        stateTopic = stage.output(stage.topics.commodityState());
    }

    @Test
    void everyFactPublishesItsCommoditysNewestStateKeyedByCommodity() {
        pipe(new Fact.Market(share("cn-processing", "rare_earths", "CN", SupplyStage.PROCESSING, 92.0, 2023)));
        pipe(new Fact.Policy(licence()));

        List<KeyValue<String, CommodityState>> published = stateTopic.readKeyValuesToList();

        assertThat(published).extracting(kv -> kv.key, kv -> kv.value.getLastEventId(), kv -> kv.value.getEventCount())
                .containsExactly(tuple("rare_earths", "cn-processing", 1L), tuple("rare_earths", "licence", 2L));
        assertThat(published.getLast().value.getMeasures()).extracting(Measure::getEventId).containsExactly("licence");
        assertThat(published.getLast().value.getSupplyShares()).extracting(SupplyShare::getCountry, SupplyShare::getSharePct)
                .containsExactly(tuple("CN", 92.0));
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
    void theVersionedStoreAnswersAsOfAnyTimeAndAFactIsStampedNoEarlierThanItsEventTime() {
        pipe(new Fact.Market(share("cn-2023", "rare_earths", "CN", SupplyStage.PROCESSING, 92.0, 2023)));
        // A record stamped before the event it carries is handed on at the event's time, so stream time downstream follows event time.
        facts.pipeInput("rare_earths", new Fact.Policy(licence()), at("2024-01-01"));

        TestRecord<String, FactInContext> licence = inContext.readRecordsToList().getLast();
        var store = stage.driver().<String, CommodityState>getVersionedKeyValueStore(StoreNames.COMMODITY_STATE);

        assertThat(licence.timestamp()).isEqualTo(at("2025-10-09").toEpochMilli());
        assertThat(store.get("rare_earths", at("2024-06-01").toEpochMilli()).value().getMeasures()).isEmpty();
        assertThat(store.get("rare_earths", at("2025-10-10").toEpochMilli()).value().getMeasures())
                .extracting(Measure::getEventId).containsExactly("licence");
        assertThat(store.get("rare_earths", at("2022-12-31").toEpochMilli())).isNull();
    }

    private static PolicyEvent licence() {
        return policy("licence", "rare_earths", "CN", EXPORT_LICENCE, PolicyAction.IMPOSE, "2025-10-09", "CN_REE_EXPORT_CTRL")
                .setEffectiveDate(day("2025-12-01")).build();
    }

    private void pipe(Fact fact) {
        facts.pipeInput(fact.commodity(), fact, fact.eventTime());
    }
}
