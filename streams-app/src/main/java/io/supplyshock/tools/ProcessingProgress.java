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
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Waits until the streams application has consumed everything in its input and internal topics,
 * reading its consumer group's committed offsets against the topics' last stable offsets.
 */
public final class ProcessingProgress {

    private ProcessingProgress() {
    }

    public static int waitUntilProcessed(AppConfig config, Duration timeout, PrintStream out) throws Exception {
        String group = config.get(AppConfig.APPLICATION_ID);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(new HashMap<>(config.clientConfig()))) {
            long lastLag = -1;
            int quietRounds = 0;
            while (System.nanoTime() < deadline) {
                Progress progress = progress(admin, group);
                if (progress == null) {
                    out.println("  waiting for " + group + " to commit its first offsets...");
                    Thread.sleep(1000);
                    continue;
                }
                long lag = progress.lag();
                out.printf("  processed %d of %d offsets across %d partitions (lag %d)%n", progress.consumed(), progress.total(), progress.partitions(), lag);
                quietRounds = lag == 0 && lag == lastLag ? quietRounds + 1 : 0;
                lastLag = lag;
                if (quietRounds >= 2) {
                    out.println("  caught up");
                    return 0;
                }
                Thread.sleep(1500);
            }
        }
        out.println("  still not caught up after " + timeout.toSeconds() + " s; see the app log");
        return 1;
    }

    /** Offsets the app's group has still to commit across its input and internal topics; -1 before its first commit. */
    public static long lag(AppConfig config) throws Exception {
        try (Admin admin = Admin.create(new HashMap<>(config.clientConfig()))) {
            Progress progress = progress(admin, config.get(AppConfig.APPLICATION_ID));
            return progress == null ? -1 : progress.lag();
        }
    }

    private record Progress(long lag, long consumed, long total, int partitions) {
    }

    private static Progress progress(Admin admin, String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        if (committed.isEmpty()) return null;
        Map<TopicPartition, OffsetSpec> latest = committed.keySet().stream()
                .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
        var ends = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get(30, TimeUnit.SECONDS);
        long lag = 0, consumed = 0, total = 0;
        for (var e : committed.entrySet()) {
            long end = ends.get(e.getKey()).offset();
            long at = e.getValue() == null ? 0 : e.getValue().offset();
            // A transaction's commit marker takes an offset of its own, so one behind the end is caught up.
            lag += Math.max(0, end - at - 1);
            consumed += Math.min(at, end);
            total += end;
        }
        return new Progress(lag, consumed, total, committed.size());
    }
}
