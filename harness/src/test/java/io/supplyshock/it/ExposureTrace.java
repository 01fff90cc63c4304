package io.supplyshock.it;

import io.supplyshock.config.AppConfig;
import io.supplyshock.topics.StoreNames;
import io.supplyshock.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where an exposure row that should exist went missing: for each key, how many records the profile path and the row
 * path hold for it, committed and in all (aborted transactions included), from the input profile to the output row.
 * Printed by {@link CrashRecoveryIT} when rows differ, so one failing run names the stage that lost them.
 */
final class ExposureTrace {

    private ExposureTrace() {
    }

    static String trace(AppConfig config, List<String> rowKeys) {
        String app = config.get(AppConfig.APPLICATION_ID);
        Map<String, String> commodityFirst = new LinkedHashMap<>();
        for (String key : rowKeys) commodityFirst.put(key, Topics.commodityFirstKey(key));
        Map<String, Set<String>> keysByTopic = new LinkedHashMap<>();
        keysByTopic.put(Topics.EXPOSURE_PROFILES, Set.copyOf(rowKeys));
        keysByTopic.put(app + "-" + StoreNames.EXPOSURE_PROFILES + "-changelog", Set.copyOf(rowKeys));
        keysByTopic.put(app + "-" + StoreNames.PROFILES_BY_COMMODITY + "-changelog", Set.copyOf(commodityFirst.values()));
        keysByTopic.put(app + "-" + StoreNames.EXPOSURE_ROWS + "-changelog", Set.copyOf(rowKeys));
        keysByTopic.put(Topics.EXPOSURES, Set.copyOf(rowKeys));
        StringBuilder out = new StringBuilder();
        keysByTopic.forEach((topic, keys) -> {
            Map<String, int[]> committed = count(config, topic, keys, "read_committed");
            Map<String, int[]> all = count(config, topic, keys, "read_uncommitted");
            out.append("  ").append(topic).append(":");
            for (String key : keys.stream().sorted().toList()) {
                int[] c = committed.getOrDefault(key, new int[2]);
                int[] a = all.getOrDefault(key, new int[2]);
                out.append(" [").append(key).append(" committed ").append(c[0]).append(" (").append(c[1]).append(" null), all ")
                        .append(a[0]).append(" (").append(a[1]).append(" null)]");
            }
            // A failed or cut-short read leaves a note of its own in the counts.
            for (Map<String, int[]> read : List.of(committed, all)) {
                read.keySet().stream().filter(k -> !keys.contains(k)).forEach(note -> out.append(' ').append(note));
            }
            out.append('\n');
        });
        return out.toString();
    }

    /** Records and null values per key, reading the whole topic at the given isolation level. */
    private static Map<String, int[]> count(AppConfig config, String topic, Set<String> keys, String isolation) {
        Map<String, Object> props = new HashMap<>(config.clientConfig());
        props.put("isolation.level", isolation);
        props.put("enable.auto.commit", "false");
        Map<String, int[]> counts = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                if (System.nanoTime() > deadline) {
                    // Counts of part of a topic would point at the wrong stage: say so instead.
                    counts.put("(read stopped at its 60 s deadline, counts partial)", new int[2]);
                    break;
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (!keys.contains(r.key())) continue;
                    int[] c = counts.computeIfAbsent(r.key(), k -> new int[2]);
                    c[0]++;
                    if (r.value() == null) c[1]++;
                }
            }
        } catch (RuntimeException e) {
            counts.put("(read failed: " + e + ")", new int[2]);
        }
        return counts;
    }
}
