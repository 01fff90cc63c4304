package io.supplyshock.ingest;

import io.supplyshock.topics.RegistryErrors;

import io.supplyshock.schema.DeadLetterReason;
import io.supplyshock.schema.PolicyEvent;
import io.supplyshock.testing.ReferenceData;
import io.supplyshock.topics.PlainAvroSerdes;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;

import java.io.EOFException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A registry that is briefly down must never turn good records into dead letters. */
class RegistryOutageTest {

    private final Serde<PolicyEvent> serde = new PlainAvroSerdes().valueSerde(PolicyEvent.class);
    private final List<DeadLetterReason> deadLettered = new ArrayList<>();

    @Test
    void transportFailuresAreTheRegistrysAndBadBytesAreTheRecords() {
        assertThat(RegistryErrors.isUnreachable(new RuntimeException(new java.util.concurrent.ExecutionException(new ConnectException("refused"))))).isTrue();
        assertThat(RegistryErrors.isUnreachable(new RuntimeException(new java.net.SocketTimeoutException("read timed out")))).isTrue();
        assertThat(RegistryErrors.isUnreachable(new SerializationException("cannot decode", new EOFException()))).as("truncated Avro").isFalse();
        assertThat(RegistryErrors.isUnreachable(new SerializationException("Unknown magic byte!"))).isFalse();
        assertThat(RegistryErrors.isUnreachable(apiError(404))).as("unknown content id").isFalse();
        assertThat(RegistryErrors.isUnreachable(new RuntimeException(apiError(503)))).isTrue();
    }

    @Test
    void aRecordWaitsOutABriefOutageAndFlowsOn() {
        AtomicInteger failuresLeft = new AtomicInteger(3);
        List<String> out = run(flaky(failuresLeft), Duration.ofSeconds(5));
        assertThat(out).containsExactly("valid e1");
        assertThat(failuresLeft.get()).isNegative();
        assertThat(deadLettered).isEmpty();
    }

    @Test
    void aLongerOutageFailsTheThreadInsteadOfDeadLetteringTheRecord() {
        AtomicInteger failuresLeft = new AtomicInteger(Integer.MAX_VALUE);
        assertThatThrownBy(() -> run(flaky(failuresLeft), Duration.ofMillis(200)))
                .isInstanceOf(StreamsException.class)
                .hasRootCauseInstanceOf(ConnectException.class)
                .hasStackTraceContaining("schema registry unreachable");
        assertThat(deadLettered).isEmpty();
    }

    @Test
    void bytesTheRegistryCannotResolveAreStillDeadLettered() {
        Deserializer<PolicyEvent> unknownId = (topic, bytes) -> {
            throw new SerializationException("no schema with id 987654321");
        };
        assertThat(run(unknownId, Duration.ofSeconds(5))).containsExactly("rejected UNDESERIALIZABLE");
        assertThat(deadLettered).containsExactly(DeadLetterReason.UNDESERIALIZABLE);
    }

    private static com.microsoft.kiota.ApiException apiError(int status) {
        return new com.microsoft.kiota.ApiException("HTTP " + status) {
            {
                setResponseStatusCode(status);
            }
        };
    }

    private Deserializer<PolicyEvent> flaky(AtomicInteger failuresLeft) {
        return (topic, bytes) -> {
            if (failuresLeft.getAndDecrement() > 0) {
                throw new RuntimeException(new java.util.concurrent.ExecutionException(new ConnectException("Connection refused")));
            }
            return serde.deserializer().deserialize(topic, bytes);
        };
    }

    private List<String> run(Deserializer<PolicyEvent> deserializer, Duration registryWait) {
        StreamsBuilder builder = new StreamsBuilder();
        IngestObserver observer = new IngestObserver() {
            @Override
            public void recordIn(String topic, String type) {
            }

            @Override
            public void deadLettered(DeadLetterReason reason) {
                deadLettered.add(reason);
            }
        };
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .processValues(() -> new DecodeAndValidate<>(deserializer, PolicyEvent.class, observer, registryWait))
                .mapValues(d -> switch (d) {
                    case Decoded.Valid<PolicyEvent> v -> "valid " + v.value().getEventId();
                    case Decoded.Rejected<PolicyEvent> r -> "rejected " + r.deadLetter().getReason();
                    case Decoded.Tombstone<PolicyEvent> t -> "tombstone";
                })
                .to("out", Produced.with(Serdes.String(), Serdes.String()));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "registry-outage-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props)) {
            TestInputTopic<String, byte[]> in = driver.createInputTopic("in", Serdes.String().serializer(), Serdes.ByteArray().serializer());
            TestOutputTopic<String, String> out = driver.createOutputTopic("out", Serdes.String().deserializer(), Serdes.String().deserializer());
            in.pipeInput("rare_earths", serde.serializer().serialize("in", ReferenceData.policy("e1")));
            return out.readValuesToList();
        }
    }
}
