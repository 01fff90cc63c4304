package io.supplyshock.health;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Finds stream threads that stopped moving. A thread blocked for ever (a call that never returns) neither
 * dies nor commits, so the streams state stays RUNNING; what gives it away is its committed offsets not
 * advancing while its partitions have records to read. Checked from outside the stream threads, with the
 * group's committed offsets and the partitions' last stable offsets read through an admin client.
 */
public final class StallWatchdog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StallWatchdog.class);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(5);

    /** A thread that has not committed for {@code stalledFor} while {@code lagByPartition} waited to be read. */
    public record Stall(String thread, Map<String, Long> lagByPartition, Duration stalledFor) {
        public long lag() {
            return lagByPartition.values().stream().mapToLong(Long::longValue).sum();
        }

        public String describe() {
            return thread + " has committed nothing for " + stalledFor.toSeconds() + " s with " + lag() + " records waiting on "
                    + lagByPartition.keySet();
        }
    }

    /** The decision alone, fed snapshots: plain and testable without a cluster. */
    public static final class Detector {
        private final Duration limit;
        private final Map<String, Progress> byThread = new HashMap<>();

        private record Progress(Map<TopicPartition, Long> committed, Instant since) {
        }

        public Detector(Duration limit) {
            if (limit.isNegative() || limit.isZero()) throw new IllegalArgumentException("health.stall.seconds must be positive");
            this.limit = limit;
        }

        /**
         * @param partitionsByThread the input partitions of each running thread's active tasks
         * @param committed          the group's committed offsets (a partition never committed is absent)
         * @param ends               the last stable offset of each partition
         */
        public synchronized List<Stall> observe(Instant now, Map<String, Set<TopicPartition>> partitionsByThread,
                                                Map<TopicPartition, Long> committed, Map<TopicPartition, Long> ends) {
            byThread.keySet().retainAll(partitionsByThread.keySet());
            List<Stall> stalls = new ArrayList<>();
            partitionsByThread.forEach((thread, partitions) -> {
                Map<TopicPartition, Long> mine = new HashMap<>();
                Map<String, Long> lag = new TreeMap<>();
                for (TopicPartition tp : partitions) {
                    Long at = committed.get(tp);
                    if (at != null) mine.put(tp, at);
                    long behind = ends.getOrDefault(tp, 0L) - (at == null ? 0L : at);
                    if (behind > 0) lag.put(tp.toString(), behind);
                }
                Progress before = byThread.get(thread);
                // Moving, or nothing to read: the clock starts again.
                if (before == null || !before.committed().equals(mine) || lag.isEmpty()) {
                    byThread.put(thread, new Progress(mine, now));
                    return;
                }
                Duration still = Duration.between(before.since(), now);
                if (still.compareTo(limit) >= 0) stalls.add(new Stall(thread, lag, still));
            });
            return stalls;
        }
    }

    private final KafkaStreams streams;
    private final Admin admin;
    private final String groupId;
    private final Detector detector;
    private final StreamHealth health;
    private final ScheduledExecutorService timer;

    public StallWatchdog(KafkaStreams streams, Map<String, Object> adminConfig, String groupId, Duration limit, StreamHealth health) {
        this.streams = streams;
        Map<String, Object> config = new HashMap<>(adminConfig);
        config.putIfAbsent("client.id", groupId + "-stall-watchdog");
        config.putIfAbsent("default.api.timeout.ms", (int) ADMIN_TIMEOUT.toMillis());
        config.putIfAbsent("request.timeout.ms", (int) ADMIN_TIMEOUT.toMillis());
        this.admin = Admin.create(config);
        this.groupId = groupId;
        this.detector = new Detector(limit);
        this.health = health;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "stall-watchdog");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(1_000, Math.min(5_000, limit.toMillis() / 4));
        timer.scheduleWithFixedDelay(this::check, period, period, TimeUnit.MILLISECONDS);
    }

    private void check() {
        try {
            Map<String, Set<TopicPartition>> partitionsByThread = new HashMap<>();
            for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
                // A thread still restoring its stores commits nothing and is busy, not stalled.
                if (!thread.threadState().equals("RUNNING")) continue;
                Set<TopicPartition> partitions = new HashSet<>();
                thread.activeTasks().forEach(task -> partitions.addAll(task.topicPartitions()));
                partitionsByThread.put(thread.threadName(), partitions);
            }
            Set<TopicPartition> all = partitionsByThread.values().stream().flatMap(Set::stream).collect(Collectors.toSet());
            if (all.isEmpty()) {
                health.stalled(List.of());
                return;
            }
            Map<TopicPartition, Long> committed = admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata()
                    .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).entrySet().stream()
                    .filter(e -> e.getValue() != null)
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
            Map<TopicPartition, Long> ends = admin.listOffsets(all.stream().collect(Collectors.toMap(Function.identity(), tp -> OffsetSpec.latest())),
                            new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                    .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
            List<Stall> stalls = detector.observe(Instant.now(), partitionsByThread, committed, ends);
            stalls.forEach(s -> LOG.warn("stream thread stalled: {}", s.describe()));
            health.stalled(stalls);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // The broker being away is reported by Kafka's own clients; the verdicts stand until the next check.
            LOG.debug("stall check skipped: {}", StreamHealth.describe(e));
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        admin.close(ADMIN_TIMEOUT);
    }
}
