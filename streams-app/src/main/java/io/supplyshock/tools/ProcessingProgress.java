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
        Map<String, Object> adminConfig = new HashMap<>(config.clientConfig());
        try (Admin admin = Admin.create(adminConfig)) {
            long lastLag = -1;
            int quietRounds = 0;
            while (System.nanoTime() < deadline) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                if (committed.isEmpty()) {
                    out.println("  waiting for " + group + " to commit its first offsets...");
                    Thread.sleep(1000);
                    continue;
                }
                Map<TopicPartition, OffsetSpec> latest = committed.keySet().stream()
                        .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
                var ends = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get(30, TimeUnit.SECONDS);
                long lag = 0;
                long consumed = 0;
                long total = 0;
                for (var e : committed.entrySet()) {
                    long end = ends.get(e.getKey()).offset();
                    long at = e.getValue() == null ? 0 : e.getValue().offset();
                    // A transaction's commit marker takes an offset of its own, so one behind the end is caught up.
                    lag += Math.max(0, end - at - 1);
                    consumed += Math.min(at, end);
                    total += end;
                }
                out.printf("  processed %d of %d offsets across %d partitions (lag %d)%n", consumed, total, committed.size(), lag);
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
}
