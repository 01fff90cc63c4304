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
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

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
        DeadLetteringProductionHandler handler = new DeadLetteringProductionHandler(l -> serde.serializer().serialize(Topics.DEAD_LETTERS, l));
        byte[] huge = new byte[2_000_000];
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>("supply.exposures", "k".getBytes(), huge);

        ProductionExceptionHandler.Response response = handler.handleError(context(), record, new RecordTooLargeException("The message is 2000088 bytes"));

        assertThat(response.result()).isEqualTo(ProductionExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).singleElement().satisfies(dlq -> {
            assertThat(dlq.topic()).isEqualTo(Topics.DEAD_LETTERS);
            DeadLetter letter = serde.deserializer().deserialize(Topics.DEAD_LETTERS, dlq.value());
            assertThat(letter.getReason()).isEqualTo(DeadLetterReason.TOO_LARGE);
            assertThat(letter.getDetail()).contains("cannot produce to supply.exposures", "2000000 bytes");
            assertThat(letter.getRawValue().remaining()).isEqualTo(DeadLetteringProductionHandler.KEPT_BYTES);
            assertThat(letter.getSourceTopic()).isEqualTo("supply.exposure-profiles");
            assertThat(letter.getSourceOffset()).isEqualTo(42L);
        });

        assertThat(handler.handleError(context(), record, new TimeoutException("broker away")).result())
                .as("other errors keep the default").isEqualTo(ProductionExceptionHandler.Result.FAIL);
    }

    private static ErrorHandlerContext context() {
        return new ErrorHandlerContext() {
            public String topic() { return "supply.exposure-profiles"; }
            public int partition() { return 1; }
            public long offset() { return 42L; }
            public org.apache.kafka.common.header.Headers headers() { return new RecordHeaders(); }
            public String processorNodeId() { return "write-exposure-rows"; }
            public TaskId taskId() { return new TaskId(0, 1); }
            public long timestamp() { return T0.toEpochMilli(); }
            public byte[] sourceRawKey() { return null; }
            public byte[] sourceRawValue() { return null; }
        };
    }
}
