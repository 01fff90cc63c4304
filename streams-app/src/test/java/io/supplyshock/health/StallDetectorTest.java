package io.supplyshock.health;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class StallDetectorTest {

    private static final TopicPartition P0 = new TopicPartition("supply.policy-events", 0);
    private static final TopicPartition P1 = new TopicPartition("supply.policy-events", 1);
    private static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");
    private final StallWatchdog.Detector detector = new StallWatchdog.Detector(Duration.ofSeconds(30));
    private final Map<String, Set<TopicPartition>> threads = Map.of("StreamThread-1", Set.of(P0, P1));

    @Test
    void aThreadThatDoesNotCommitWhileRecordsWaitIsStalledOnceTheLimitHasPassed() {
        Map<TopicPartition, Long> committed = Map.of(P0, 100L, P1, 40L);
        Map<TopicPartition, Long> ends = Map.of(P0, 130L, P1, 40L);
        assertThat(detector.observe(T0, threads, committed, ends)).isEmpty();
        assertThat(detector.observe(T0.plusSeconds(29), threads, committed, ends)).isEmpty();

        List<StallWatchdog.Stall> stalls = detector.observe(T0.plusSeconds(31), threads, committed, ends);
        assertThat(stalls).singleElement().satisfies(s -> {
            assertThat(s.thread()).isEqualTo("StreamThread-1");
            assertThat(s.lagByPartition()).containsExactly(Map.entry("supply.policy-events-0", 30L));
            assertThat(s.lag()).isEqualTo(30);
            assertThat(s.stalledFor()).isEqualTo(Duration.ofSeconds(31));
            assertThat(s.describe()).contains("StreamThread-1", "31 s", "30 records", "supply.policy-events-0");
        });
    }

    @Test
    void aCommitOrAnEmptyBacklogResetsTheClock() {
        Map<TopicPartition, Long> ends = Map.of(P0, 130L, P1, 40L);
        detector.observe(T0, threads, Map.of(P0, 100L, P1, 40L), ends);
        assertThat(detector.observe(T0.plusSeconds(20), threads, Map.of(P0, 120L, P1, 40L), ends)).as("it moved").isEmpty();
        assertThat(detector.observe(T0.plusSeconds(45), threads, Map.of(P0, 120L, P1, 40L), ends)).as("25 s since it moved").isEmpty();
        assertThat(detector.observe(T0.plusSeconds(51), threads, Map.of(P0, 120L, P1, 40L), ends)).hasSize(1);

        // Caught up: idle is not stalled, however long it lasts.
        Map<TopicPartition, Long> done = Map.of(P0, 130L, P1, 40L);
        detector.observe(T0.plusSeconds(60), threads, done, ends);
        assertThat(detector.observe(T0.plusSeconds(600), threads, done, ends)).isEmpty();
    }

    @Test
    void aPartitionNeverCommittedCountsItsWholeBacklog() {
        Map<TopicPartition, Long> ends = Map.of(P0, 5L, P1, 0L);
        detector.observe(T0, threads, Map.of(), ends);
        assertThat(detector.observe(T0.plusSeconds(30), threads, Map.of(), ends)).singleElement()
                .satisfies(s -> assertThat(s.lag()).isEqualTo(5));
    }

    @Test
    void aReplacedThreadStartsWithACleanSlate() {
        Map<TopicPartition, Long> committed = Map.of(P0, 100L);
        Map<TopicPartition, Long> ends = Map.of(P0, 130L);
        detector.observe(T0, threads, committed, ends);
        Map<String, Set<TopicPartition>> replaced = Map.of("StreamThread-2", Set.of(P0, P1));
        assertThat(detector.observe(T0.plusSeconds(40), replaced, committed, ends)).isEmpty();
        assertThat(detector.observe(T0.plusSeconds(71), replaced, committed, ends)).extracting(StallWatchdog.Stall::thread)
                .containsExactly("StreamThread-2");
    }
}
