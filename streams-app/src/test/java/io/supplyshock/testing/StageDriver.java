package io.supplyshock.testing;

import io.supplyshock.schema.internal.ScoredShock;
import io.supplyshock.topics.PlainAvroSerdes;
import io.supplyshock.topics.Topics;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Produced;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One stage's builder alone in a TopologyTestDriver: the test reads what the stage takes from test topics,
 * hands it to the builder, and writes what the builder returns to test topics. Stage outputs that are real
 * topics (alerts, exposures, dead letters) are read with the project's serdes.
 */
public final class StageDriver implements AutoCloseable {

    public final Topics topics = new Topics(new PlainAvroSerdes());
    /**
     * Shocks as the repartition topics carry them (the Avro {@code ScoredShock}), for test topics: a stage reads and
     * writes them through {@link Topics#shockSerde()}, which converts to and from the same bytes.
     */
    public final Serde<ScoredShock> scoredShocks = new PlainAvroSerdes().valueSerde(ScoredShock.class);
    public final StreamsBuilder builder = new StreamsBuilder();
    private final Map<Long, Object> handedOver = new ConcurrentHashMap<>();
    private final AtomicLong nextHandle = new AtomicLong();
    private final Instant wallClock;
    private TestDrivers.Opened opened;

    public StageDriver() {
        this(Instant.now());
    }

    /** @param wallClock the driver's initial wall-clock time, which wall-clock punctuation follows */
    public StageDriver(Instant wallClock) {
        this.wallClock = wallClock;
    }

    /**
     * A serde for the values that stages hand each other inside one sub-topology (facts, facts in context): in
     * production they are never serialized, so the test passes the very object along instead of inventing a format.
     */
    public <V> Serde<V> inProcess() {
        Serializer<V> serializer = (topic, value) -> {
            if (value == null) return null;
            long handle = nextHandle.incrementAndGet();
            handedOver.put(handle, value);
            return ByteBuffer.allocate(Long.BYTES).putLong(handle).array();
        };
        @SuppressWarnings("unchecked")
        Deserializer<V> deserializer = (topic, bytes) -> bytes == null ? null : (V) handedOver.get(ByteBuffer.wrap(bytes).getLong());
        return Serdes.serdeFrom(serializer, deserializer);
    }

    public <V> KStream<String, V> stream(String topic, Serde<V> values) {
        return builder.stream(topic, Consumed.with(Serdes.String(), values));
    }

    public <V> KTable<String, V> table(String topic, Serde<V> values) {
        return builder.table(topic, Consumed.with(Serdes.String(), values));
    }

    public <V> void capture(KStream<String, V> stream, String topic, Serde<V> values) {
        stream.to(topic, Produced.with(Serdes.String(), values));
    }

    /** The driver over everything added to {@link #builder} so far; the first call builds the topology. */
    public TopologyTestDriver driver() {
        if (opened == null) opened = TestDrivers.open(builder.build(), wallClock);
        return opened.driver();
    }

    public <V> TestInputTopic<String, V> input(String topic, Serde<V> values) {
        return driver().createInputTopic(topic, Serdes.String().serializer(), values.serializer());
    }

    public <V> TestOutputTopic<String, V> output(String topic, Serde<V> values) {
        return driver().createOutputTopic(topic, Serdes.String().deserializer(), values.deserializer());
    }

    public <V> TestOutputTopic<String, V> output(Topics.Topic<V> topic) {
        return output(topic.name(), topic.valueSerde());
    }

    /** Pipes a record of a public type the way a producer writes it: serialized with the project's serde, read as bytes. */
    public <V> void pipeSerialized(Topics.Topic<V> topic, String key, V value, Instant timestamp) {
        byte[] bytes = value == null ? null : topic.valueSerde().serializer().serialize(topic.name(), value);
        input(topic.name(), Serdes.ByteArray()).pipeInput(key, bytes, timestamp);
    }

    @Override
    public void close() {
        if (opened != null) opened.close();
    }
}
