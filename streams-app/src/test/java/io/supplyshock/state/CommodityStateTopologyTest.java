package io.supplyshock.state;

import io.supplyshock.testing.AvroFixtures;
import io.supplyshock.schema.CommodityState;
import io.supplyshock.schema.CommoditySupplyProfile;
import io.supplyshock.schema.Measure;
import io.supplyshock.schema.Observation;
import io.supplyshock.schema.SupplyShare;
import io.supplyshock.schema.SupplyStage;
import io.supplyshock.testing.PipelineDriver;
import io.supplyshock.testing.ReferenceData;
import io.supplyshock.schema.internal.StatePart;
import io.supplyshock.topics.StoreNames;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import io.supplyshock.topics.Topics;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

class CommodityStateTopologyTest {

    private static final Instant OCT_9_2025 = Instant.parse("2025-10-09T00:00:00Z");

    @Test
    void stateTopicCarriesEachChangedCommodityOncePerIntervalWithItsNewestState() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            seed(pipeline, "e46", "e47", "e1", "e87");

            List<CommodityState> states = pipeline.states();

            assertThat(states).extracting(CommodityState::getCommodity, CommodityState::getLastEventId, CommodityState::getEventCount)
                    .containsExactly(tuple("rare_earths", "e87", 4L));
            // Nothing changed since: nothing is written.
            assertThat(pipeline.states()).isEmpty();
            seed(pipeline, "e3");
            assertThat(pipeline.states()).extracting(CommodityState::getEventCount).containsExactly(5L);
        }
    }

    @Test
    void stateAsOfAnnouncementOfE1HoldsE47ButNotTheLaterDatedShare() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            seed(pipeline, "e47", "e1");
            pipe(pipeline, processingShare2025());

            CommodityState asOf = pipeline.stateAsOf("rare_earths", OCT_9_2025);
            CommodityState latest = pipeline.latestState("rare_earths");

            assertThat(asOf.getSupplyShares()).extracting(SupplyShare::getSource).containsExactly("e47");
            assertThat(asOf.getMeasures()).extracting(Measure::getEventId).containsExactly("e1");
            assertThat(latest.getSupplyShares()).extracting(SupplyShare::getSource).containsExactly("e47-2025-12");
            assertThat(pipeline.stateAsOf("rare_earths", Instant.parse("2022-12-31T00:00:00Z"))).isNull();
        }
    }

    @Test
    void lateShareIsVisibleAsOfItsOwnDateButDoesNotOverrideTheNewerOne() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            pipe(pipeline, processingShare2025());
            seed(pipeline, "e47"); // e47 (2023) arrives after the 2025 figure

            assertThat(pipeline.stateAsOf("rare_earths", OCT_9_2025).getSupplyShares())
                    .extracting(SupplyShare::getSource).containsExactly("e47");
            assertThat(pipeline.latestState("rare_earths").getSupplyShares())
                    .extracting(SupplyShare::getSource, SupplyShare::getSharePct)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("e47-2025-12", 90.0));
        }
    }

    @Test
    void aStructuralShareArrivingAfterHistoryReachesTheNewestStateAndNeverOverridesADatedOne() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            seed(pipeline, "e47", "e1", "e81"); // e81: CN ~90% of processing, no date of its own

            CommodityState latest = pipeline.latestState("rare_earths");
            assertThat(latest.getEventCount()).isEqualTo(3);
            assertThat(latest.getSupplyShares()).extracting(SupplyShare::getSource).containsExactly("e47");
        }
        try (PipelineDriver pipeline = new PipelineDriver()) {
            seed(pipeline, "e125"); // alone on gallium: kept although stamped at the start of history
            assertThat(pipeline.latestState("gallium").getSupplyShares()).extracting(SupplyShare::getSource, SupplyShare::getAsOf)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("e125", null));
        }
    }

    /** e47's figure restated for December 2025, to have a newer dated share of the same stage. */
    private static io.supplyshock.schema.MarketEvent processingShare2025() {
        return io.supplyshock.schema.MarketEvent.newBuilder(ReferenceData.market("e47"))
                .setEventId("e47-2025-12").setValue(90.0)
                .setObservedDate(io.supplyshock.testing.StatedDates.of("2025-12"))
                .setEventTime(Instant.parse("2025-12-01T00:00:00Z")).build();
    }

    private static void pipe(PipelineDriver pipeline, io.supplyshock.schema.MarketEvent e) {
        pipeline.pipe(io.supplyshock.topics.Topics.MARKET_EVENTS, e.getCommodity(), e, e.getEventTime());
    }

    @Test
    void sharesAndObservationsDoNotDependOnArrivalOrder() {
        List<String> ids = List.of("e3", "e46", "e47", "e48", "e80", "e81");
        List<String> reversed = new ArrayList<>(ids);
        Collections.reverse(reversed);

        CommodityState inOrder = latestAfter(ids);
        CommodityState backwards = latestAfter(reversed);

        assertThat(json(backwards.getSupplyShares())).isEqualTo(json(inOrder.getSupplyShares()));
        assertThat(json(backwards.getObservations())).isEqualTo(json(inOrder.getObservations()));
        assertThat(backwards.getEventCount()).isEqualTo(inOrder.getEventCount());
        assertThat(backwards.getUpdatedAt()).isEqualTo(inOrder.getUpdatedAt());
    }

    /**
     * A pause that arrives before the measures it pauses (possible when one fact reaches the topic
     * late) still ends them, so the latest state does not depend on arrival order.
     */
    @Test
    void measuresAndTheirPauseDoNotDependOnArrivalOrder() {
        CommodityState inOrder = latestAfter(List.of("e47", "e1", "e87", "e89"));
        CommodityState backwards = latestAfter(List.of("e89", "e87", "e1", "e47"));

        assertThat(measure(inOrder, "e1").getEndedBy()).isEqualTo("e89");
        assertThat(json(backwards.getMeasures())).isEqualTo(json(inOrder.getMeasures()));
    }

    @Test
    void pauseE89EndsE1AndE87InTheState() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            seed(pipeline, "e47", "e1", "e87", "e89");

            CommodityState latest = pipeline.latestState("rare_earths");

            for (String id : List.of("e1", "e87")) {
                Measure m = measure(latest, id);
                assertThat(m.getEndedBy()).isEqualTo("e89");
                assertThat(m.getEndedOn()).isEqualTo(LocalDate.of(2025, 11, 1));
                assertThat(m.getResumesOn()).isEqualTo(LocalDate.of(2026, 11, 1));
            }
            // As of the pause's eve the measures were still running.
            CommodityState eve = pipeline.stateAsOf("rare_earths", Instant.parse("2025-10-31T00:00:00Z"));
            assertThat(measure(eve, "e1").getEndedBy()).isNull();
        }
    }

    /**
     * A measure's own event time says when it began: adding one writes no history entry, yet the state as of any
     * earlier time leaves it out, also when the earlier measure arrives after the later one.
     */
    @Test
    void aNewMeasureWritesNoHistoryEntryAndIsAbsentBeforeItsEventTime() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            seed(pipeline, "e54", "e1");

            KeyValueStore<String, StatePart> history = pipeline.driver.getKeyValueStore(StoreNames.COMMODITY_STATE_HISTORY);
            List<String> entries = new ArrayList<>();
            try (KeyValueIterator<String, StatePart> it = history.all()) {
                it.forEachRemaining(kv -> entries.add(kv.key));
            }
            assertThat(entries).isEmpty();

            CommodityState latest = pipeline.latestState("rare_earths");
            Instant e1 = measure(latest, "e1").getEventTime();
            Instant e54 = measure(latest, "e54").getEventTime();
            assertThat(e1).isBefore(e54);
            assertThat(pipeline.stateAsOf("rare_earths", e1.minusMillis(1))).isNull();
            assertThat(pipeline.stateAsOf("rare_earths", e1).getMeasures()).extracting(Measure::getEventId).containsExactly("e1");
            assertThat(pipeline.stateAsOf("rare_earths", e54.minusMillis(1)).getMeasures()).extracting(Measure::getEventId).containsExactly("e1");
            assertThat(pipeline.stateAsOf("rare_earths", e54).getMeasures()).extracting(Measure::getEventId).containsExactly("e1", "e54");
        }
    }

    /**
     * A second delivery of e1 (producer retry, publisher re-run) keeps the measure paused instead of
     * replacing it with a fresh, running one.
     */
    @Test
    void redeliveredMeasureStaysPaused() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            seed(pipeline, "e47", "e1", "e87", "e89", "e1");

            Measure e1 = measure(pipeline.latestState("rare_earths"), "e1");

            assertThat(e1.getEndedBy()).isEqualTo("e89");
            assertThat(e1.getResumesOn()).isEqualTo(LocalDate.of(2026, 11, 1));
        }
    }

    @Test
    void curatedSupplyProfileAddsShares() {
        // CN holds 98% of gallium (seed e125), curated as a profile dated 2023
        CommoditySupplyProfile gallium = CommoditySupplyProfile.newBuilder()
                .setCommodity("gallium")
                .setShares(List.of(SupplyShare.newBuilder().setCountry("CN").setStage(SupplyStage.MARKET)
                        .setSharePct(98.0).setSource("e125").setAsOf(null).build()))
                .setSource("curated-e125")
                .setAsOf(LocalDate.of(2023, 1, 1))
                .build();
        try (PipelineDriver pipeline = new PipelineDriver()) {
            pipeline.pipe(Topics.COMMODITY_PROFILES, "gallium", gallium, Instant.parse("2023-01-01T00:00:00Z"));

            CommodityState state = pipeline.latestState("gallium");

            assertThat(state.getSupplyShares()).hasSize(1);
            SupplyShare share = state.getSupplyShares().get(0);
            assertThat(share.getCountry()).isEqualTo("CN");
            assertThat(share.getStage()).isEqualTo(SupplyStage.MARKET);
            assertThat(share.getSharePct()).isEqualTo(98.0);
            assertThat(share.getAsOf()).isEqualTo(LocalDate.of(2023, 1, 1));
            assertThat(state.getLastEventId()).isEqualTo("profile:curated-e125");
            assertThat(pipeline.deadLetters()).isEmpty();
        }
    }

    @Test
    void observationsOfOneSeriesKeepTheNewest() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            seed(pipeline, "e34", "e33"); // PL (2025-12-31) arrives before BR (2025-11-30)

            assertThat(pipeline.latestState("gold").getObservations()).extracting(Observation::getEventId).containsExactly("e34");
        }
    }

    /**
     * Order-insensitive text form of a list of records. Avro's equals cannot compare records whose
     * nullable fields hold logical types (LocalDate), so records are compared by their JSON text.
     */
    private static List<String> json(List<?> records) {
        return records.stream().map(Object::toString).sorted().toList();
    }

    private static CommodityState latestAfter(List<String> ids) {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            ids.forEach(id -> pipeline.pipe(mapped(id)));
            return pipeline.latestState("rare_earths");
        }
    }

    private static void seed(PipelineDriver pipeline, String... ids) {
        for (String id : ids) pipeline.pipe(mapped(id));
    }

    private static AvroFixtures.SeedEvent mapped(String id) {
        AvroFixtures.SeedEvent m = ReferenceData.seedById().get(id);
        if (m == null) throw new IllegalArgumentException("no seed row " + id);
        return m;
    }

    private static Measure measure(CommodityState state, String id) {
        return state.getMeasures().stream().filter(m -> m.getEventId().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no measure " + id + " in " + state.getMeasures()));
    }
}
