package io.supplyshock.tools;

import io.supplyshock.config.AppConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Waits until the streams application has consumed everything in its input and internal topics,
 * reading its consumer group's committed offsets against the topics' last stable offsets, and until no
 * transaction is left open on the topics it writes.
 * <p>
 * The second condition matters after an instance dies: its open transaction stays open until the broker
 * aborts it ({@code transaction.timeout.ms}, 10 s in Streams under exactly-once). Until then the last stable
 * offset of every partition it wrote stops at that transaction's first record, so read_committed readers,
 * the surviving instance included, see none of the records committed after it. Offsets alone would then
 * read as "caught up" while a repartition topic still holds work that becomes visible only after the abort.
 */
public final class ProcessingProgress {

    private ProcessingProgress() {
    }

    public static int waitUntilProcessed(AppConfig config, Duration timeout, PrintStream out) throws Exception {
        return caughtUpAt(config, timeout, Duration.ofMillis(1500), 2, out).isPresent() ? 0 : 1;
    }

    /**
     * Polls every {@code interval} until the app is caught up (no lag, no open transaction) on {@code 1 + confirmations}
     * observations in a row, and returns when the first of them was taken ({@link System#nanoTime()}), or empty after
     * {@code timeout}. A benchmark times its phase to that instant: the confirmations that follow, which guard against a
     * lull between two batches, are the harness's wait, not the app's work (with 1.5 s between observations they once
     * added three to four and a half seconds to every eight-second pipeline phase).
     */
    public static OptionalLong caughtUpAt(AppConfig config, Duration timeout, Duration interval, int confirmations, PrintStream out) throws Exception {
        String group = config.get(AppConfig.APPLICATION_ID);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(new HashMap<>(config.clientConfig()))) {
            int quietObservations = 0;
            long firstQuietAt = 0;
            while (System.nanoTime() < deadline) {
                Progress progress = progress(admin, group);
                long observedAt = System.nanoTime();
                if (progress == null) {
                    out.println("  waiting for " + group + " to commit its first offsets...");
                    Thread.sleep(Math.max(interval.toMillis(), 100));
                    continue;
                }
                long lag = progress.lag();
                out.printf("  processed %d of %d offsets across %d partitions (lag %d)%s%n", progress.consumed(), progress.total(), progress.partitions(), lag,
                        progress.openTransactionPartitions() == 0 ? ""
                                : ", " + progress.openTransactionPartitions() + " partition(s) behind an open transaction");
                if (lag == 0 && progress.openTransactionPartitions() == 0) {
                    if (quietObservations++ == 0) firstQuietAt = observedAt;
                } else {
                    quietObservations = 0;
                }
                if (quietObservations > confirmations) {
                    out.println("  caught up");
                    return OptionalLong.of(firstQuietAt);
                }
                Thread.sleep(interval.toMillis());
            }
        }
        out.println("  still not caught up after " + timeout.toSeconds() + " s; see the app log");
        return OptionalLong.empty();
    }

    /** Offsets the app's group has still to commit across its input and internal topics; -1 before its first commit. */
    public static long lag(AppConfig config) throws Exception {
        try (Admin admin = Admin.create(new HashMap<>(config.clientConfig()))) {
            Progress progress = progress(admin, config.get(AppConfig.APPLICATION_ID));
            return progress == null ? -1 : progress.lag();
        }
    }

    /**
     * @param openTransactionPartitions partitions the app writes whose last stable offset is below their high
     *                                  watermark: a transaction on them is still open (or was left by a dead instance)
     */
    private record Progress(long lag, long consumed, long total, int partitions, int openTransactionPartitions) {
    }

    private static Progress progress(Admin admin, String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        if (committed.isEmpty()) return null;
        // Partitions without a committed offset are work left too: a repartition partition whose first records
        // no task has taken yet (say, while a killed instance's tasks move) would otherwise look caught up.
        java.util.Set<String> topics = new java.util.TreeSet<>();
        java.util.Set<String> written = new java.util.TreeSet<>();
        committed.keySet().forEach(tp -> topics.add(tp.topic()));
        for (String t : admin.listTopics().names().get(30, TimeUnit.SECONDS)) {
            boolean internal = t.startsWith(group + "-");
            boolean repartition = internal && t.endsWith("-repartition");
            if (repartition || INPUTS.contains(t)) topics.add(t);
            if (internal || OUTPUTS.contains(t)) written.add(t);
        }
        java.util.List<TopicPartition> partitions = new java.util.ArrayList<>();
        java.util.List<TopicPartition> writtenPartitions = new java.util.ArrayList<>();
        admin.describeTopics(union(topics, written)).allTopicNames().get(30, TimeUnit.SECONDS).forEach((name, d) ->
                d.partitions().forEach(p -> {
                    TopicPartition tp = new TopicPartition(name, p.partition());
                    if (topics.contains(name)) partitions.add(tp);
                    if (written.contains(name)) writtenPartitions.add(tp);
                }));
        java.util.List<TopicPartition> all = new java.util.ArrayList<>(union(partitions, writtenPartitions));
        var stable = admin.listOffsets(all.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())),
                new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get(30, TimeUnit.SECONDS);
        var highWatermarks = admin.listOffsets(writtenPartitions.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())),
                new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all().get(30, TimeUnit.SECONDS);
        var starts = admin.listOffsets(partitions.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.earliest())))
                .all().get(30, TimeUnit.SECONDS);
        int open = 0;
        for (TopicPartition tp : writtenPartitions) {
            if (stable.get(tp).offset() < highWatermarks.get(tp).offset()) open++;
        }
        long lag = 0, consumed = 0, total = 0;
        for (TopicPartition tp : partitions) {
            long end = stable.get(tp).offset();
            OffsetAndMetadata at = committed.get(tp);
            long position = at == null ? starts.get(tp).offset() : at.offset();
            // A transaction's commit marker takes an offset of its own, so one behind the end is caught up.
            lag += Math.max(0, end - position - 1);
            consumed += Math.min(position, end);
            total += end;
        }
        return new Progress(lag, consumed, total, partitions.size(), open);
    }

    private static <T> java.util.Set<T> union(java.util.Collection<T> a, java.util.Collection<T> b) {
        java.util.Set<T> u = new java.util.LinkedHashSet<>(a);
        u.addAll(b);
        return u;
    }

    /** The app's input topics (Topics lists them); with its repartition topics, everything its group reads. */
    private static final java.util.Set<String> INPUTS = java.util.Set.of(io.supplyshock.topics.Topics.POLICY_EVENTS,
            io.supplyshock.topics.Topics.MARKET_EVENTS, io.supplyshock.topics.Topics.DISRUPTION_EVENTS,
            io.supplyshock.topics.Topics.COMMODITY_PROFILES, io.supplyshock.topics.Topics.EXPOSURE_PROFILES,
            io.supplyshock.topics.Topics.PUBLISHER_REPORTS);

    /** The topics the app writes besides its internal ones, watched for transactions left open. */
    private static final java.util.Set<String> OUTPUTS = java.util.Set.of(io.supplyshock.topics.Topics.COMMODITY_STATE,
            io.supplyshock.topics.Topics.EXPOSURES, io.supplyshock.topics.Topics.ALERTS, io.supplyshock.topics.Topics.STORYLINES,
            io.supplyshock.topics.Topics.DEAD_LETTERS);
}
