package io.supplyshock.signals;

import io.supplyshock.schema.MarketEvent;
import io.supplyshock.schema.MarketMetric;
import io.supplyshock.schema.internal.MarketPoint;
import io.supplyshock.testing.PipelineDriver;
import io.supplyshock.topics.StoreNames;
import io.supplyshock.topics.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.supplyshock.testing.Events.at;
import static io.supplyshock.testing.Events.market;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * The market window kept as one store entry per point: a figure writes its own point (and deletes the points it
 * pushes out of the window), never its commodity's whole window, and the window keeps today's bounds.
 */
class MarketPointPartsTest {

    private static final String CHANGELOG = "supplyshock-test-" + StoreNames.MARKET_POINTS + "-changelog";

    @Test
    void keysSortByDateBeforeAndAfter1970AndReadBackWhatTheyHold() {
        List<String> keys = Stream.of("2026-01-14", "1969-12-31", "1970-01-01", "1900-01-01", "2100-12-31")
                .map(d -> new MarketPointKey("nickel", LocalDate.parse(d), "e1").value()).sorted().toList();

        assertThat(keys).extracting(k -> MarketPointKey.parse(k).windowEnd().toString())
                .containsExactly("1900-01-01", "1969-12-31", "1970-01-01", "2026-01-14", "2100-12-31");
        assertThat(new MarketPointKey("nickel", LocalDate.parse("2026-01-14"), "e1").value()).isEqualTo("nickel|1020467|e1");
        // An event id is the key's last part, so it may hold the separator itself.
        assertThat(MarketPointKey.parse("nickel|1020467|feed|42")).isEqualTo(new MarketPointKey("nickel", LocalDate.parse("2026-01-14"), "feed|42"));
        assertThatThrownBy(() -> MarketPointKey.parse("nickel|2026-01-14|e1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eachPriceWritesItsOwnPointAndPastTheCapTheOldestAreDeleted() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            TestOutputTopic<String, byte[]> changelog = changelog(pipeline);
            LocalDate first = LocalDate.parse("2025-01-01");
            int count = MarketPoints.MAX_POINTS + 5;
            for (int i = 0; i < count; i++) pipe(pipeline, price("p" + i, first.plusDays(i), 1000 + i));

            List<KeyValue<String, MarketPoint>> kept = points(pipeline, "nickel");
            assertThat(kept).hasSize(MarketPoints.MAX_POINTS);
            assertThat(kept.getFirst().value.getEventId()).isEqualTo("p5");
            assertThat(kept.getLast().value.getEventId()).isEqualTo("p" + (count - 1));
            assertThat(kept).allSatisfy(kv -> assertThat(MarketPointKey.parse(kv.key))
                    .isEqualTo(new MarketPointKey("nickel", kv.value.getWindowEnd(), kv.value.getEventId())));

            List<KeyValue<String, byte[]>> written = changelog.readKeyValuesToList();
            assertThat(written.stream().filter(kv -> kv.value != null)).hasSize(count);
            assertThat(written.stream().filter(kv -> kv.value == null)).extracting(kv -> MarketPointKey.parse(kv.key).eventId())
                    .containsExactly("p0", "p1", "p2", "p3", "p4");
            // Every record is one point, however long the window: a figure costs its own bytes.
            assertThat(written.stream().filter(kv -> kv.value != null).mapToInt(kv -> kv.value.length).max().orElseThrow()).isLessThan(120);

            // The newest event time is a stored point's, so the clock has nothing to keep.
            KeyValueStore<String, Long> clock = pipeline.driver.getKeyValueStore(StoreNames.MARKET_CLOCK);
            assertThat(clock.get("nickel")).isNull();
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

            assertThat(points(pipeline, "nickel")).extracting(kv -> kv.value.getEventId()).containsExactly("jun", "mar");
        }
    }

    @Test
    void aFigureRestatedForAnotherDayMovesToThatDaysKey() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            pipe(pipeline, price("p1", LocalDate.parse("2025-01-10"), 1000));
            pipe(pipeline, price("p2", LocalDate.parse("2025-01-11"), 1000));
            pipe(pipeline, price("p1", LocalDate.parse("2025-01-12"), 1010));

            assertThat(points(pipeline, "nickel")).extracting(kv -> kv.key, kv -> kv.value.getValue())
                    .containsExactly(tuple(new MarketPointKey("nickel", LocalDate.parse("2025-01-11"), "p2").value(), 1000.0),
                            tuple(new MarketPointKey("nickel", LocalDate.parse("2025-01-12"), "p1").value(), 1010.0));
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

    private static List<KeyValue<String, MarketPoint>> points(PipelineDriver pipeline, String commodity) {
        KeyValueStore<String, MarketPoint> store = pipeline.driver.getKeyValueStore(StoreNames.MARKET_POINTS);
        List<KeyValue<String, MarketPoint>> found = new ArrayList<>();
        try (KeyValueIterator<String, MarketPoint> it = store.prefixScan(MarketPointKey.prefix(commodity), Serdes.String().serializer())) {
            it.forEachRemaining(found::add);
        }
        return found;
    }
}
