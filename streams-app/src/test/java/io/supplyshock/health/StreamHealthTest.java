package io.supplyshock.health;

import io.supplyshock.schema.DeadLetter;
import io.supplyshock.schema.DeadLetterReason;
import io.supplyshock.topics.PlainAvroSerdes;
import io.supplyshock.topics.Topics;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StreamHealthTest {

    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void repeatedFailuresWithinTheWindowMakeTheAppUnhealthyUntilTheyAge() {
        StreamHealth health = new StreamHealth(3, Duration.ofMinutes(5));
        health.failed(T0, new IllegalStateException("boom", new RecordTooLargeException("too big")));
        health.failed(T0.plusSeconds(10), new IllegalStateException("boom"));
        assertThat(health.unhealthy(T0.plusSeconds(11))).isEmpty();

        health.failed(T0.plusSeconds(20), new IllegalStateException("boom again"));
        assertThat(health.unhealthy(T0.plusSeconds(21))).hasValueSatisfying(reason ->
                assertThat(reason).contains("3 stream-thread failures in the last 300 s", "boom again"));
        assertThat(health.total()).isEqualTo(3);

        assertThat(health.unhealthy(T0.plusSeconds(301))).as("the first failure has aged out").isEmpty();
    }

    @Test
    void aFailureIsDescribedOnOneLineWithItsRootCause() {
        String line = StreamHealth.describe(new IllegalStateException("task failed", new RuntimeException("wrapped", new RecordTooLargeException("1.2 MB"))));
        assertThat(line).isEqualTo("java.lang.IllegalStateException: task failed (cause: org.apache.kafka.common.errors.RecordTooLargeException: 1.2 MB)")
                .doesNotContain("\n");
    }

    @Test
    void badSettingsAreRefused() {
        assertThatThrownBy(() -> new StreamHealth(0, Duration.ofMinutes(1))).hasMessageContaining("health.failures.max");
        assertThatThrownBy(() -> new StreamHealth(1, Duration.ZERO)).hasMessageContaining("window");
    }

    @Test
    void aRecordTooLargeToProduceIsDeadLetteredWithItsHeadAndProcessingResumes() {
        Serde<DeadLetter> serde = new PlainAvroSerdes().valueSerde(DeadLetter.class);
        List<DeadLetterReason> counted = new ArrayList<>();
        DeadLetteringProductionHandler handler = new DeadLetteringProductionHandler(new DeadLetterSink(l -> serde.serializer().serialize(Topics.DEAD_LETTERS, l), counted::add));
        byte[] huge = new byte[2_000_000];
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>("supply.exposures", "k".getBytes(), huge);

        ProductionExceptionHandler.Response response = handler.handleError(context(), record, new RecordTooLargeException("The message is 2000088 bytes"));

        assertThat(response.result()).isEqualTo(ProductionExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).singleElement().satisfies(dlq -> {
            assertThat(dlq.topic()).isEqualTo(Topics.DEAD_LETTERS);
            DeadLetter letter = serde.deserializer().deserialize(Topics.DEAD_LETTERS, dlq.value());
            assertThat(letter.getReason()).isEqualTo(DeadLetterReason.TOO_LARGE);
            assertThat(letter.getDetail()).contains("cannot produce to supply.exposures", "2000000 bytes");
            assertThat(letter.getRawValue().remaining()).isEqualTo(DeadLetterSink.KEPT_BYTES);
            assertThat(letter.getSourceTopic()).isEqualTo("supply.exposure-profiles");
            assertThat(letter.getSourceOffset()).isEqualTo(42L);
        });

        assertThat(handler.handleError(context(), record, new TimeoutException("broker away")).result())
                .as("other errors keep the default").isEqualTo(ProductionExceptionHandler.Result.FAIL);
        assertThat(counted).containsExactly(DeadLetterReason.TOO_LARGE);
    }

    @Test
    void aRecordAProcessorFailsOnIsDeadLetteredWholeButARegistryOutageFailsTheThreadSoTheRecordIsReadAgain() {
        Serde<DeadLetter> serde = new PlainAvroSerdes().valueSerde(DeadLetter.class);
        List<DeadLetterReason> counted = new ArrayList<>();
        DeadLetteringProcessingHandler handler = new DeadLetteringProcessingHandler(new DeadLetterSink(l -> serde.serializer().serialize(Topics.DEAD_LETTERS, l), counted::add));
        byte[] key = "copper".getBytes(StandardCharsets.UTF_8);
        byte[] value = new byte[3000];
        Arrays.fill(value, (byte) 7);
        Record<String, String> record = new Record<>("copper", "a fact", T0.toEpochMilli());

        ProcessingExceptionHandler.Response bug = handler.handleError(context("supply.policy-events", key, value), record,
                new IllegalStateException("no measure for e1", new NullPointerException("share")));

        assertThat(bug.result()).isEqualTo(ProcessingExceptionHandler.Result.RESUME);
        assertThat(bug.deadLetterQueueRecords()).singleElement().satisfies(dlq -> {
            assertThat(dlq.topic()).isEqualTo(Topics.DEAD_LETTERS);
            assertThat(dlq.key()).isEqualTo(key);
            DeadLetter letter = serde.deserializer().deserialize(Topics.DEAD_LETTERS, dlq.value());
            assertThat(letter.getReason()).isEqualTo(DeadLetterReason.OTHER);
            assertThat(letter.getDetail()).isEqualTo("processing failed in profile-rows: java.lang.IllegalStateException: no measure for e1"
                    + " (cause: java.lang.NullPointerException: share)");
            assertThat(letter.getSourceTopic()).isEqualTo("supply.policy-events");
            assertThat(letter.getSourceOffset()).isEqualTo(42L);
            assertThat(letter.getRawValue().remaining()).as("kept whole, to replay once fixed").isEqualTo(3000);
            assertThat(letter.getRawKey()).isEqualTo(ByteBuffer.wrap(key));
        });
        assertThat(counted).containsExactly(DeadLetterReason.OTHER);

        ProcessingExceptionHandler.Response outage = handler.handleError(context("supply.policy-events", key, value), record,
                new org.apache.kafka.common.errors.SerializationException("cannot encode StatePart",
                        new java.net.http.HttpTimeoutException("request timed out")));
        assertThat(outage.result()).isEqualTo(ProcessingExceptionHandler.Result.FAIL);
        assertThat(outage.deadLetterQueueRecords()).isEmpty();

        ProcessingExceptionHandler.Response punctuation = handler.handleError(context(null, null, null), null, new IllegalStateException("tick"));
        assertThat(punctuation.result()).isEqualTo(ProcessingExceptionHandler.Result.RESUME);
        assertThat(punctuation.deadLetterQueueRecords()).isEmpty();
        assertThat(counted).hasSize(1);
    }

    private static ErrorHandlerContext context() {
        return context("supply.exposure-profiles", null, null);
    }

    private static ErrorHandlerContext context(String topic, byte[] rawKey, byte[] rawValue) {
        return new ErrorHandlerContext() {
            public String topic() { return topic; }
            public int partition() { return 1; }
            public long offset() { return 42L; }
            public org.apache.kafka.common.header.Headers headers() { return new RecordHeaders(); }
            public String processorNodeId() { return "profile-rows"; }
            public TaskId taskId() { return new TaskId(0, 1); }
            public long timestamp() { return T0.toEpochMilli(); }
            public byte[] sourceRawKey() { return rawKey; }
            public byte[] sourceRawValue() { return rawValue; }
        };
    }
}
