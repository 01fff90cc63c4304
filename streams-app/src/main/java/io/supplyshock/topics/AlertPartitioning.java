package io.supplyshock.topics;

import io.supplyshock.schema.Alert;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

/**
 * How {@code supply.alerts} is partitioned: an alert of a storyline goes to its storyline's partition, the one the
 * default partitioner gives the storyline id (and so the partition of that storyline's record in
 * {@code supply.storylines} when both topics have as many partitions); an alert without a storyline goes by its key,
 * the commodity. The key stays the commodity.
 *
 * <p>Why: a storyline spans commodities, so counting it needs all its alerts in one task. With the alerts already
 * on their storyline's partition, that task reads {@code supply.alerts} itself, and no repartition topic copies
 * every alert a second time. The cost, for consumers: one commodity's alerts spread over the partitions of its
 * storylines, so order holds per storyline (and per situation), not per commodity across storylines; each alert
 * carries its event time and its storyline sequence.
 *
 * <p>Alerts written this way carry the header {@value #HEADER} = {@value #BY_STORYLINE}. Alerts written by a version
 * before this one were partitioned by commodity; the storyline count skips them, since counting a storyline in a
 * task that holds only some of its alerts would publish a partial storyline (see docs, upgrading).
 */
public final class AlertPartitioning implements StreamPartitioner<String, Alert> {

    public static final String HEADER = "supplyshock.partitioned-by";
    public static final String BY_STORYLINE = "storyline";
    private static final byte[] BY_STORYLINE_BYTES = BY_STORYLINE.getBytes(StandardCharsets.UTF_8);

    @Override
    public Optional<Set<Integer>> partitions(String topic, String commodity, Alert alert, int numPartitions) {
        String partitionKey = alert != null && alert.getStorylineId() != null ? alert.getStorylineId() : commodity;
        if (partitionKey == null) return Optional.empty();
        return Optional.of(Set.of(partitionOf(partitionKey, numPartitions)));
    }

    /** The default partitioner's choice for a string key: murmur2 of its UTF-8 bytes. */
    public static int partitionOf(String key, int numPartitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % numPartitions;
    }

    /** The headers of an alert record: those it came with, plus the mark of this partitioning (the input's stay untouched). */
    public static Headers marked(Headers incoming) {
        Headers headers = new RecordHeaders(incoming.toArray());
        headers.remove(HEADER);
        headers.add(HEADER, BY_STORYLINE_BYTES);
        return headers;
    }

    /** Whether an alert read back from {@code supply.alerts} was written on its storyline's partition. */
    public static boolean isByStoryline(Headers headers) {
        Header header = headers.lastHeader(HEADER);
        return header != null && BY_STORYLINE.equals(new String(header.value(), StandardCharsets.UTF_8));
    }
}
