package io.supplyshock.publish;

import io.supplyshock.schema.DisruptionEvent;
import io.supplyshock.schema.DisruptionKind;
import io.supplyshock.schema.Provenance;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaRecordSinkTest {

    /** A transactional mock broker that refuses some keys on send (async) or in the serializer (sync). */
    private static class Broker extends MockProducer<String, SpecificRecord> {
        final Set<String> refused;
        final Set<String> unserialisable;
        int transactions;
        int sends;

        Broker(Set<String> refused, Set<String> unserialisable) {
            super(true, null, new StringSerializer(), (topic, value) -> new byte[0]);
            this.refused = refused;
            this.unserialisable = unserialisable;
        }

        @Override
        public synchronized Future<RecordMetadata> send(ProducerRecord<String, SpecificRecord> record) {
            if (unserialisable.contains(record.key())) {
                throw new SerializationException("schema rejected by the registry");
            }
            if (refused.contains(record.key())) {
                return CompletableFuture.failedFuture(new RecordTooLargeException("The message is 2000000 bytes"));
            }
            return super.send(record);
        }

        @Override
        public void beginTransaction() {
            transactions++;
            super.beginTransaction();
        }
    }

    private final ByteArrayOutputStream progress = new ByteArrayOutputStream();

    private KafkaRecordSink sink(Broker broker, int batchSize) {
        return new KafkaRecordSink(broker, batchSize, new Progress(new PrintStream(progress, true, StandardCharsets.UTF_8), 1000),
                "127.0.0.1:9092", Duration.ofSeconds(30), "http://127.0.0.1:8081/apis/registry/v3");
    }

    private static List<OutgoingRecord> records(int n) {
        List<OutgoingRecord> out = new ArrayList<>();
        IntStream.rangeClosed(1, n).forEach(i -> {
            DisruptionEvent value = DisruptionEvent.newBuilder().setEventId("e" + i).setCommodity("k" + i)
                    .setKind(DisruptionKind.OTHER).setRawSubtype("").setEventTime(Instant.EPOCH.plusSeconds(i))
                    .setProvenance(Provenance.newBuilder().setSourceId("e" + i).build()).build();
            out.add(new OutgoingRecord("supply.disruption-events", "k" + i, value, Instant.EPOCH.plusSeconds(i), List.of(new SourceLine(i, "e" + i))));
        });
        return out;
    }

    @Test
    void commitsOneTransactionPerBatchWithRecordTimestamps() {
        Broker broker = new Broker(Set.of(), Set.of());
        RecordSink.SendResult result = sink(broker, 4).sendAll(records(10));

        assertThat(result.failures()).isEmpty();
        assertThat(result.fatalError()).isNull();
        assertThat(broker.history()).hasSize(10);
        assertThat(broker.history().get(0).timestamp()).isEqualTo(1000L);
        assertThat(broker.history()).extracting(ProducerRecord::key).startsWith("k1", "k2", "k3");
        assertThat(broker.commitCount()).isEqualTo(3);
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("sent 10/10");
    }

    @Test
    void aRecordTheBrokerRefusesIsReportedAloneAndItsNeighboursArePublished() {
        Broker broker = new Broker(Set.of("k6"), Set.of());
        RecordSink.SendResult result = sink(broker, 10).sendAll(records(10));

        assertThat(result.failures()).singleElement().satisfies(f -> {
            assertThat(f.record().key()).isEqualTo("k6");
            assertThat(f.reason()).isEqualTo("broker refused the record: The message is 2000000 bytes");
        });
        assertThat(result.fatalError()).isNull();
        assertThat(broker.history()).extracting(ProducerRecord::key).hasSize(9).doesNotContain("k6");
    }

    @Test
    void aRecordTheSerializerRefusesIsReportedAndItsNeighboursArePublished() {
        Broker broker = new Broker(Set.of(), Set.of("k2"));
        RecordSink.SendResult result = sink(broker, 10).sendAll(records(3));

        assertThat(result.failures()).singleElement().satisfies(f -> {
            assertThat(f.record().key()).isEqualTo("k2");
            assertThat(f.reason()).isEqualTo("cannot serialise for supply.disruption-events: schema rejected by the registry");
        });
        assertThat(broker.history()).extracting(ProducerRecord::key).containsExactly("k1", "k3");
    }

    @Test
    void aFailedSendIsNotBlamedOnTheRecordsAfterIt() {
        // After a record fails, a real producer refuses every later send of the transaction with that
        // record's error; those records must be retried, not reported.
        Broker broker = new Broker(Set.of(), Set.of()) {
            boolean poisoned;

            @Override
            public synchronized Future<RecordMetadata> send(ProducerRecord<String, SpecificRecord> record) {
                if (poisoned) {
                    throw new org.apache.kafka.common.KafkaException("Cannot perform send because at least one previous "
                            + "transactional or idempotent request has failed with errors.", new RecordTooLargeException("too large"));
                }
                if (record.key().equals("k3")) {
                    poisoned = true;
                    return CompletableFuture.failedFuture(new RecordTooLargeException("too large"));
                }
                return super.send(record);
            }

            @Override
            public void abortTransaction() {
                poisoned = false;
                super.abortTransaction();
            }
        };
        RecordSink.SendResult result = sink(broker, 100).sendAll(records(8));

        assertThat(result.failures()).extracting(f -> f.record().key()).containsExactly("k3");
        assertThat(broker.history()).extracting(ProducerRecord::key).containsExactlyInAnyOrder("k1", "k2", "k4", "k5", "k6", "k7", "k8");
    }

    @Test
    void anUnreachableBrokerFailsEveryRecordWithOneClearLine() {
        Broker broker = new Broker(Set.of(), Set.of());
        broker.initTransactionException = new TimeoutException("Timeout expired after 30000ms while awaiting InitProducerId");
        RecordSink.SendResult result = sink(broker, 10).sendAll(records(5));

        assertThat(result.fatalError()).isEqualTo("cannot reach Kafka at 127.0.0.1:9092 within 30s");
        assertThat(result.failures()).hasSize(5).allSatisfy(f ->
                assertThat(f.reason()).isEqualTo("not published: cannot reach Kafka at 127.0.0.1:9092 within 30s"));
    }

    @Test
    void aMissingTopicIsOneClearErrorBeforeAnythingIsSent() {
        Broker broker = new Broker(Set.of(), Set.of());
        broker.partitionsForException = new TimeoutException("Topic supply.disruption-events not present in metadata after 30000 ms.");
        RecordSink.SendResult result = sink(broker, 10).sendAll(records(3));

        assertThat(result.fatalError()).isEqualTo("topic supply.disruption-events not found on Kafka at 127.0.0.1:9092 within 30s (create the topics first)");
        assertThat(result.failures()).hasSize(3);
        assertThat(broker.transactions).isZero();
    }

    @Test
    void aSendThatTimesOutStopsTheRunAtOnce() {
        Broker broker = new Broker(Set.of(), Set.of()) {
            @Override
            public synchronized Future<RecordMetadata> send(ProducerRecord<String, SpecificRecord> record) {
                sends++;
                return CompletableFuture.failedFuture(new TimeoutException("Topic not present in metadata after 30000 ms."));
            }
        };
        RecordSink.SendResult result = sink(broker, 10).sendAll(records(5));

        assertThat(broker.sends).as("no further blocking sends after the first timeout").isEqualTo(1);
        assertThat(result.fatalError()).startsWith("send to supply.disruption-events failed: no answer from Kafka at 127.0.0.1:9092 within 30s");
        assertThat(result.failures()).hasSize(5);
    }

    @Test
    void anUnreachableRegistryStopsTheRunAfterCommittedBatches() {
        Broker broker = new Broker(Set.of(), Set.of()) {
            @Override
            public synchronized Future<RecordMetadata> send(ProducerRecord<String, SpecificRecord> record) {
                if (record.key().equals("k4")) {
                    throw new RuntimeException(new RuntimeException(new ConnectException("Connection refused")));
                }
                return super.send(record);
            }
        };
        RecordSink.SendResult result = sink(broker, 3).sendAll(records(6));

        assertThat(result.fatalError()).isEqualTo("cannot reach the schema registry at http://127.0.0.1:8081/apis/registry/v3: Connection refused");
        assertThat(broker.history()).extracting(ProducerRecord::key).containsExactly("k1", "k2", "k3");
        assertThat(result.failures()).extracting(f -> f.record().key()).containsExactly("k4", "k5", "k6");
    }

    @Test
    void aFencedProducerStopsTheRun() {
        Broker broker = new Broker(Set.of(), Set.of());
        broker.commitTransactionException = new org.apache.kafka.common.errors.ProducerFencedException("fenced by a newer instance");
        RecordSink.SendResult result = sink(broker, 2).sendAll(records(4));

        assertThat(result.fatalError()).contains("commit failed").contains("fenced by a newer instance");
        assertThat(result.failures()).hasSize(4);
    }
}
