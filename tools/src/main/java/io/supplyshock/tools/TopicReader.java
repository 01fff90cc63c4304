package io.supplyshock.tools;

import io.supplyshock.topics.RegistryClients;
import io.supplyshock.config.AppConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a whole topic, from the beginning to its current end, decoding values through the registry. The end is the
 * last stable offset: records after a transaction still open are not read (wait for the writer first, see
 * {@link ProcessingProgress}). A read that does not reach the end in time fails rather than return part of the topic.
 */
public final class TopicReader {

    private TopicReader() {
    }

    public static <V> List<ConsumerRecord<String, V>> readAll(AppConfig config, String topic, Duration timeout) {
        Map<String, Object> props = new HashMap<>(config.clientConfig());
        props.putAll(config.serdeConfig());
        props.put("isolation.level", "read_committed");
        props.put("enable.auto.commit", "false");
        List<ConsumerRecord<String, V>> out = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(props, new StringDeserializer(), RegistryClients.<V>deserializer(config, props))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                if (System.nanoTime() > deadline) {
                    List<String> behind = partitions.stream().filter(tp -> consumer.position(tp) < ends.get(tp))
                            .map(tp -> tp.partition() + " at " + consumer.position(tp) + " of " + ends.get(tp)).toList();
                    throw new IllegalStateException("reading " + topic + " did not reach its end within " + timeout.toSeconds()
                            + " s (" + out.size() + " records read); partitions short of their end: " + behind);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }
}
