package io.supplyshock.exposure;

import io.supplyshock.schema.ExposureRow;
import io.supplyshock.topics.Topics;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * supply.exposures is partitioned by entity, not by its whole key: one entity's rows over every commodity
 * and country live in one partition, the one a consumer computes from the entity id alone with Kafka's
 * default hashing. TopologyTestDriver runs one partition, so this is checked on the partitioner itself.
 */
class ExposurePartitioningTest {

    private final StreamPartitioner<String, ExposureRow> byEntity = ExposureTopology.byPrefix(Topics::entityOfExposureKey);

    @Test
    void everyRowOfAnEntityLandsInThePartitionOfItsEntityId() {
        int partitions = 12;
        List<String> commodities = List.of("cobalt", "copper", "gallium", "lithium", "nickel", "rare_earths", "tin", "tungsten");
        Set<Integer> wholeKeyPartitions = new HashSet<>();
        for (String entity : List.of("mp-materials", "tesla", "glencore", "umicore")) {
            int expected = BuiltInPartitioner.partitionForKey(entity.getBytes(java.nio.charset.StandardCharsets.UTF_8), partitions);
            for (String commodity : commodities) {
                for (String country : List.of("", "CN", "CD")) {
                    String key = Topics.exposureKey(entity, commodity, country);
                    assertThat(byEntity.partitions(Topics.EXPOSURES, key, null, partitions)).hasValue(Set.of(expected));
                    wholeKeyPartitions.add(BuiltInPartitioner.partitionForKey(key.getBytes(java.nio.charset.StandardCharsets.UTF_8), partitions));
                }
            }
        }
        // Hashing the whole key would scatter these rows: the check above would catch that mistake.
        assertThat(wholeKeyPartitions).hasSizeGreaterThan(4);
    }
}
