package io.supplyshock.signals;

import io.supplyshock.schema.MarketEvent;
import io.supplyshock.schema.MarketMetric;
import io.supplyshock.schema.internal.MarketPoint;
import io.supplyshock.schema.internal.MarketPointBlock;
import io.supplyshock.testing.PipelineDriver;
import io.supplyshock.topics.StoreNames;
import io.supplyshock.topics.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static io.supplyshock.testing.Events.at;
import static io.supplyshock.testing.Events.market;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * The market window kept in blocks of ten slots: a figure rewrites the block of its slot (and those of the points it
 * pushes out of the window), never its commodity's whole window, and the window keeps today's bounds.
 */
class MarketPointPartsTest {

    private static final String CHANGELOG = "supplyshock-test-" + StoreNames.MARKET_POINT_BLOCKS + "-changelog";

    @Test
    void windowOrderKeysSortByDateThenReportTimeBeforeAndAfter1970() {
        List<String> days = List.of("1900-01-01", "1969-12-31", "1970-01-01", "2026-01-14", "2100-12-31");
        List<String> inDateOrder = days.stream().map(d -> new MarketPointKey("nickel", LocalDate.parse(d), at(d), "e1").value()).toList();

        assertThat(inDateOrder.stream().sorted()).containsExactlyElementsOf(inDateOrder);
        assertThat(new MarketPointKey("nickel", LocalDate.parse("2026-01-14"), at("2026-01-14"), "e1").value())
                .isEqualTo("nickel|1020467|11768348800000|e1");
        // Two figures for one day: the one reported first comes first, whatever their ids.
        assertThat(new MarketPointKey("nickel", LocalDate.parse("2026-01-14"), Instant.parse("2026-01-14T10:00:00Z"), "e9").value())
                .isLessThan(new MarketPointKey("nickel", LocalDate.parse("2026-01-14"), Instant.parse("2026-01-14T11:00:00Z"), "e10").value());
        assertThatThrownBy(() -> new MarketPointKey("nickel", LocalDate.of(-1000, 1, 1), at("2026-01-14"), "e1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eachPriceRewritesTheBlockOfItsSlotAndPastTheCapTakesTheSlotOfTheOldestWithoutATombstone() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            TestOutputTopic<String, byte[]> changelog = changelog(pipeline);
            LocalDate first = LocalDate.parse("2025-01-01");
            int count = MarketPoints.MAX_POINTS + 5;
            for (int i = 0; i < count; i++) pipe(pipeline, price("p" + i, first.plusDays(i), 1000 + i));

            List<KeyValue<Integer, MarketPoint>> kept = points(pipeline, "nickel");
            assertThat(kept).hasSize(MarketPoints.MAX_POINTS);
            assertThat(kept).extracting(kv -> kv.value.getEventId())
                    .containsExactlyInAnyOrderElementsOf(IntStream.range(5, count).mapToObj(i -> "p" + i).toList());
            // p200 to p204 sit in the slots p0 to p4 had.
            assertThat(kept.subList(0, 5)).extracting(kv -> kv.key, kv -> kv.value.getEventId())
                    .containsExactly(tuple(0, "p200"), tuple(1, "p201"), tuple(2, "p202"), tuple(3, "p203"), tuple(4, "p204"));

            // The test driver commits after every record, so each price is one record here: the block of its slot,
            // the first 20 prices filling blocks 00 and 01 in turn. Under load a block takes the commit's points at once.
            List<KeyValue<String, byte[]>> written = changelog.readKeyValuesToList();
            assertThat(written).hasSize(count).allSatisfy(kv -> assertThat(kv.value).isNotNull());
            assertThat(written.subList(0, 20)).extracting(kv -> kv.key)
                    .containsExactlyElementsOf(IntStream.range(0, 20).mapToObj(i -> i < 10 ? "nickel|00" : "nickel|01").toList());
            assertThat(written.stream().map(kv -> kv.key).distinct()).hasSize(StoredWindow.BLOCKS);
            // A record is ten points at most, however long the window.
            assertThat(written.stream().mapToInt(kv -> kv.value.length).max().orElseThrow()).isLessThan(10 * 120);

            // The newest event time is a stored point's, so the clock has nothing to keep.
            KeyValueStore<String, Long> clock = pipeline.driver.getKeyValueStore(StoreNames.MARKET_CLOCK);
            assertThat(clock.get("nickel")).isNull();
        }
    }

    @Test
    void aBlockWhoseLastPointLeavesIsDeleted() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            LocalDate first = LocalDate.parse("2025-01-01");
            TestOutputTopic<String, byte[]> changelog = changelog(pipeline);
            for (int i = 0; i < 12; i++) pipe(pipeline, price("p" + i, first.plusDays(i), 1000));
            assertThat(changelog.readKeyValuesToList()).hasSize(12);

            // 420 days on, no window reaches the twelve: the new point takes the slot of the last to leave (11, in
            // block 01), and block 00 empties.
            pipe(pipeline, price("later", first.plusDays(420), 1000));

            assertThat(changelog.readKeyValuesToList()).extracting(kv -> kv.key, kv -> kv.value == null)
                    .containsExactlyInAnyOrder(tuple("nickel|00", true), tuple("nickel|01", false));
            assertThat(points(pipeline, "nickel")).extracting(kv -> kv.key, kv -> kv.value.getEventId()).containsExactly(tuple(11, "later"));
        }
    }

    @Test
    void whenTheNewestPointLeavesTheWindowTheClockKeepsItsTimeForLateness() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            // A 2024 figure reported on 2026-03-01, then a 2025 figure reported two weeks earlier: the 2024 point is
            // out of every window (425 days before the newest), and with it goes the newest event time.
            pipe(pipeline, MarketEvent.newBuilder(price("old-figure", LocalDate.parse("2024-01-01"), 1000)).setEventTime(at("2026-03-01")).build());
            pipe(pipeline, MarketEvent.newBuilder(price("recent", LocalDate.parse("2025-03-01"), 1000)).setEventTime(at("2026-02-15")).build());

            assertThat(points(pipeline, "nickel")).extracting(kv -> kv.value.getEventId()).containsExactly("recent");
            KeyValueStore<String, Long> clock = pipeline.driver.getKeyValueStore(StoreNames.MARKET_CLOCK);
            assertThat(clock.get("nickel")).isEqualTo(at("2026-03-01").toEpochMilli());

            // 2026-01-20 is more than the 30 days of grace before 2026-03-01 (though not before 2026-02-15): late.
            pipe(pipeline, MarketEvent.newBuilder(price("late", LocalDate.parse("2025-03-02"), 1000)).setEventTime(at("2026-01-20")).build());

            assertThat(pipeline.meters.find("supplyshock.signals.late.records").counter().count()).isEqualTo(1.0);
            assertThat(points(pipeline, "nickel")).extracting(kv -> kv.value.getEventId()).containsExactly("recent");
        }
    }

    @Test
    void aNewerPointPushesOutThePointsNoWindowReachesAnyMore() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            pipe(pipeline, price("jan", LocalDate.parse("2025-01-01"), 1000));
            pipe(pipeline, price("jun", LocalDate.parse("2025-06-01"), 1000));
            // 395 days reach back (the 365-day spike window and 30 days of grace): January 2025 is 424 days before March 2026.
            pipe(pipeline, price("mar", LocalDate.parse("2026-03-01"), 1000));

            // March takes January's slot.
            assertThat(points(pipeline, "nickel")).extracting(kv -> kv.key, kv -> kv.value.getEventId())
                    .containsExactly(tuple(0, "mar"), tuple(1, "jun"));
        }
    }

    @Test
    void aFigureRestatedForAnotherDayStaysInItsSlotAndMovesInTheWindow() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            pipe(pipeline, price("p1", LocalDate.parse("2025-01-10"), 1000));
            pipe(pipeline, price("p2", LocalDate.parse("2025-01-11"), 1000));
            pipe(pipeline, price("p1", LocalDate.parse("2025-01-12"), 1010));

            assertThat(points(pipeline, "nickel")).extracting(kv -> kv.key, kv -> kv.value.getWindowEnd().toString(), kv -> kv.value.getValue())
                    .containsExactly(tuple(0, "2025-01-12", 1010.0), tuple(1, "2025-01-11", 1000.0));
        }
    }

    private static MarketEvent price(String id, LocalDate day, double value) {
        return market(id, "nickel", MarketMetric.PRICE, day.toString()).setValue(value).setUnit("usd_per_tonne").build();
    }

    private static void pipe(PipelineDriver pipeline, MarketEvent e) {
        pipeline.pipe(Topics.MARKET_EVENTS, e.getCommodity(), e, e.getEventTime());
    }

    private static TestOutputTopic<String, byte[]> changelog(PipelineDriver pipeline) {
        return pipeline.driver.createOutputTopic(CHANGELOG, Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
    }

    /** The commodity's stored points by slot, read from its blocks. */
    private static List<KeyValue<Integer, MarketPoint>> points(PipelineDriver pipeline, String commodity) {
        KeyValueStore<String, MarketPointBlock> store = pipeline.driver.getKeyValueStore(StoreNames.MARKET_POINT_BLOCKS);
        List<KeyValue<Integer, MarketPoint>> found = new ArrayList<>();
        try (KeyValueIterator<String, MarketPointBlock> it = store.prefixScan(MarketPointKey.prefix(commodity), Serdes.String().serializer())) {
            while (it.hasNext()) {
                KeyValue<String, MarketPointBlock> kv = it.next();
                int block = Integer.parseInt(kv.key.substring(kv.key.indexOf('|') + 1));
                assertThat(kv.value.getPoints()).hasSize(StoredWindow.BLOCK_SIZE);
                for (int i = 0; i < StoredWindow.BLOCK_SIZE; i++) {
                    MarketPoint point = kv.value.getPoints().get(i);
                    if (point != null) found.add(KeyValue.pair(block * StoredWindow.BLOCK_SIZE + i, point));
                }
            }
        }
        return found;
    }
}
