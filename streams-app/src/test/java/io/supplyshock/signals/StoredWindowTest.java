package io.supplyshock.signals;

import io.supplyshock.schema.MarketMetric;
import io.supplyshock.schema.internal.MarketPoint;
import io.supplyshock.schema.internal.MarketPointBlock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The in-place window against the plain definition of the window it replaced (re-sort and re-key every point on every
 * add, kept here as the reference): the same points in the same order and the same clock, a store whose blocks hold
 * just those points, and never more records written than keys of the points' own (put and tombstone) took.
 */
class StoredWindowTest {

    private static final String COMMODITY = "nickel";

    /** The window's definition: replace by event id, drop what no window reaches, sort, keep the newest MAX_POINTS. */
    private static List<MarketPoint> reference(List<MarketPoint> current, MarketPoint point, int keepDays) {
        List<MarketPoint> points = new ArrayList<>(current);
        points.removeIf(p -> p.getEventId().equals(point.getEventId()));
        points.add(point);
        LocalDate newest = points.stream().map(MarketPoint::getWindowEnd).max(Comparator.naturalOrder()).orElseThrow();
        points.removeIf(p -> ChronoUnit.DAYS.between(p.getWindowEnd(), newest) > keepDays);
        points.sort(MarketPoints.ORDER);
        if (points.size() > MarketPoints.MAX_POINTS) points = new ArrayList<>(points.subList(points.size() - MarketPoints.MAX_POINTS, points.size()));
        return points;
    }

    @ParameterizedTest(name = "seed {0}: {1} event ids over {2} days, keep {3} days")
    @CsvSource({"1, 50, 40, 30", "2, 400, 20, 30", "3, 1000, 400, 60", "4, 30, 5, 0", "5, 5000, 90, 45"})
    void matchesTheDefinitionPointByPointAndWriteByWrite(long seed, int eventIds, int days, int keepDays) {
        SplittableRandom random = new SplittableRandom(seed);
        StoredWindow window = new StoredWindow(COMMODITY);
        List<MarketPoint> expected = List.of();
        Map<String, MarketPointBlock> store = new HashMap<>();
        int recordsWritten = 0;
        int recordsWithOwnKeys = 0;
        LocalDate start = LocalDate.parse("2025-06-01");
        for (int i = 0; i < 3_000; i++) {
            // Dates drift forward with some points late, so windows both slide and refuse stale points.
            LocalDate end = start.plusDays(i * days / 3_000 + random.nextInt(-keepDays - 5, 3));
            MarketPoint point = point("e" + random.nextInt(eventIds), end, Instant.parse("2026-01-01T00:00:00Z").plusSeconds(random.nextInt(1_000_000)),
                    random.nextInt(3) == 0 ? 1000.0 : 900 + random.nextInt(200));
            List<MarketPoint> after = reference(expected, point, keepDays);

            StoredWindow.Added added = window.add(point, keepDays);
            apply(window, added, store);

            assertThat(window.points()).isEqualTo(after);
            assertThat(window.newestEventTime()).isEqualTo(after.stream().map(MarketPoint::getEventTime).max(Comparator.naturalOrder()).orElse(Instant.EPOCH));
            // The store's blocks hold the window's points, one each, with no more records written than keys of their own took.
            assertThat(store.values().stream().flatMap(b -> b.getPoints().stream()).filter(Objects::nonNull)).containsExactlyInAnyOrderElementsOf(after);
            int records = added.changedBlocks().size();
            int ownKeyRecords = referenceWrites(expected, after).size();
            assertThat(records).isLessThanOrEqualTo(ownKeyRecords);
            recordsWritten += records;
            recordsWithOwnKeys += ownKeyRecords;
            Set<MarketPoint> kept = new HashSet<>(after);
            Instant left = Stream.concat(expected.stream(), Stream.of(point)).filter(p -> !kept.contains(p))
                    .map(MarketPoint::getEventTime).max(Comparator.naturalOrder()).orElse(Instant.EPOCH);
            assertThat(added.left()).isEqualTo(left);
            expected = after;
        }
        assertThat(expected.size()).isPositive();
        System.out.printf("seed %d: %d records written to the store, %d with a key per point%n", seed, recordsWritten, recordsWithOwnKeys);
    }

    @Test
    void aFullWindowWritesTheBlockOfTheOldestSlotPerNewPointAndNoTombstone() {
        StoredWindow window = new StoredWindow(COMMODITY);
        LocalDate start = LocalDate.parse("2025-01-01");
        for (int i = 0; i < MarketPoints.MAX_POINTS + 50; i++) {
            StoredWindow.Added added = window.add(point("e" + i, start.plusDays(i), Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i), 1000.0), 400);
            int slot = i % MarketPoints.MAX_POINTS;
            assertThat(added.changedBlocks()).containsExactly(slot / StoredWindow.BLOCK_SIZE);
            assertThat(window.block(slot / StoredWindow.BLOCK_SIZE).getPoints().get(slot % StoredWindow.BLOCK_SIZE).getEventId()).isEqualTo("e" + i);
        }
    }

    @Test
    void aRepeatedPointWritesNothingAndAMovedOneKeepsItsSlot() {
        StoredWindow window = new StoredWindow(COMMODITY);
        MarketPoint first = point("e1", LocalDate.parse("2026-01-10"), Instant.parse("2026-01-10T00:00:00Z"), 1000.0);
        assertThat(window.add(first, 30).changedBlocks()).containsExactly(0);

        assertThat(window.add(first, 30).changedBlocks()).isEmpty();

        MarketPoint moved = point("e1", LocalDate.parse("2026-01-12"), Instant.parse("2026-01-12T00:00:00Z"), 1010.0);
        assertThat(window.add(moved, 30).changedBlocks()).containsExactly(0);
        assertThat(window.block(0).getPoints().getFirst()).isEqualTo(moved);
        assertThat(window.points()).containsExactly(moved);
    }

    @Test
    void aWindowReadBackFromItsBlocksIsTheSameWindow() {
        SplittableRandom random = new SplittableRandom(7);
        StoredWindow window = new StoredWindow(COMMODITY);
        Map<String, MarketPointBlock> store = new HashMap<>();
        LocalDate start = LocalDate.parse("2025-06-01");
        for (int i = 0; i < 500; i++) {
            apply(window, window.add(point("e" + random.nextInt(300), start.plusDays(random.nextInt(120)),
                    Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i), 900 + random.nextInt(200)), 60), store);
        }
        StoredWindow read = new StoredWindow(COMMODITY);
        store.forEach(read::load);

        assertThat(read.points()).isEqualTo(window.points());
        assertThat(read.newestEventTime()).isEqualTo(window.newestEventTime());
        for (int b = 0; b < StoredWindow.BLOCKS; b++) assertThat(read.block(b)).isEqualTo(window.block(b));
        assertThatThrownBy(() -> read.load("nickel|000", window.block(0))).isInstanceOf(IllegalStateException.class);
    }

    /** The writes the store got under the old code: every point of the new window it did not hold, every key it lost. */
    private static Map<String, MarketPoint> referenceWrites(List<MarketPoint> before, List<MarketPoint> after) {
        Map<String, MarketPoint> stored = new HashMap<>();
        before.forEach(p -> stored.put(key(p), p));
        Map<String, MarketPoint> writes = new HashMap<>();
        Set<String> now = new TreeSet<>();
        for (MarketPoint p : after) {
            now.add(key(p));
            if (!p.equals(stored.get(key(p)))) writes.put(key(p), p);
        }
        stored.keySet().stream().filter(k -> !now.contains(k)).forEach(k -> writes.put(k, null));
        return writes;
    }

    private static void apply(StoredWindow window, StoredWindow.Added added, Map<String, MarketPointBlock> store) {
        for (int index : added.changedBlocks()) {
            MarketPointBlock block = window.block(index);
            if (block == null) store.remove(window.blockKey(index));
            else store.put(window.blockKey(index), block);
        }
    }

    private static String key(MarketPoint p) {
        return MarketPointKey.of(COMMODITY, p).value();
    }

    private static MarketPoint point(String eventId, LocalDate windowEnd, Instant eventTime, double value) {
        return MarketPoint.newBuilder().setEventId(eventId).setMetric(MarketMetric.PRICE).setRawSubtype("price").setValue(value)
                .setUnit("usd_per_tonne").setWindowEnd(windowEnd).setEventTime(eventTime).build();
    }
}
