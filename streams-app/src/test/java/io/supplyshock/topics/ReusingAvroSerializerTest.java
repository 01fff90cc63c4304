package io.supplyshock.topics;

import io.supplyshock.schema.DeadLetter;
import io.supplyshock.schema.DeadLetterReason;
import io.supplyshock.schema.PolicyEvent;
import io.supplyshock.schema.Provenance;
import io.supplyshock.testing.ReferenceData;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class ReusingAvroSerializerTest {

    private static final String TOPIC = "supply.dead-letters";

    /** The registry's serializer as far as bytes go: magic byte, schema id, Avro body; counting its calls. */
    private static <T extends org.apache.avro.specific.SpecificRecord> CountingSerializer<T> registryFormat(Class<T> type) {
        return new CountingSerializer<>(new PlainAvroSerdes().valueSerde(type).serializer());
    }

    @Test
    void afterTheFirstRecordOfATopicTheBytesAreTheRegistrySerializersWithoutCallingIt() {
        CountingSerializer<DeadLetter> registry = registryFormat(DeadLetter.class);
        ReusingAvroSerializer<DeadLetter> reusing = new ReusingAvroSerializer<>(registry, false);
        SplittableRandom random = new SplittableRandom(19);
        for (int i = 0; i < 300; i++) {
            // Sizes from empty to past the retained buffer, in random order, so the buffer grows, is dropped and regrows.
            int size = random.nextInt(10) == 0 ? random.nextInt(ReusingAvroSerializer.MAX_RETAINED_BYTES * 2) : random.nextInt(3000);
            DeadLetter letter = letter(random, size);
            byte[] expected = registry.delegate.serialize(TOPIC, letter);
            assertThat(reusing.serialize(TOPIC, letter)).as("record %d, %d raw bytes", i, size).isEqualTo(expected);
        }
        assertThat(registry.calls.get()).as("the registry's serializer wrote only the first record").isEqualTo(1);
        assertThat(reusing.reuses(TOPIC)).isTrue();

        reusing.serialize("supply-commodity-state-parts-changelog", letter(random, 10));
        reusing.serialize("supply-commodity-state-parts-changelog", letter(random, 10));
        assertThat(registry.calls.get()).as("one first record per topic").isEqualTo(2);
        assertThat(reusing.serialize(TOPIC, null)).isNull();
    }

    @Test
    void aWireFormatThatDoesNotEndInTheAvroBodyKeepsEveryRecordOnTheRegistrysPath() {
        Serializer<PolicyEvent> plain = new PlainAvroSerdes().valueSerde(PolicyEvent.class).serializer();
        // As if the serializer wrote a trailer after the body: a prefix cannot be taken from it.
        CountingSerializer<PolicyEvent> registry = new CountingSerializer<>((topic, value) -> {
            byte[] body = plain.serialize(topic, value);
            byte[] out = java.util.Arrays.copyOf(body, body.length + 2);
            out[body.length] = 9;
            return out;
        });
        ReusingAvroSerializer<PolicyEvent> reusing = new ReusingAvroSerializer<>(registry, false);
        PolicyEvent e1 = ReferenceData.policy("e1");
        Logger logger = (Logger) LoggerFactory.getLogger(ReusingAvroSerializer.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        try {
            for (int i = 0; i < 5; i++) {
                PolicyEvent event = PolicyEvent.newBuilder(e1).setEventId("p" + i).build();
                assertThat(reusing.serialize("supply.policy-events", event)).isEqualTo(registry.delegate.serialize("supply.policy-events", event));
            }
        } finally {
            logger.detachAppender(logged);
        }
        assertThat(registry.calls.get()).isEqualTo(5);
        assertThat(reusing.reuses("supply.policy-events")).isFalse();
        // One warning for the topic, when its first record is probed; not one per record.
        assertThat(logged.list).singleElement().satisfies(warning -> {
            assertThat(warning.getLevel()).isEqualTo(Level.WARN);
            assertThat(warning.getFormattedMessage()).contains("supply.policy-events").contains("PolicyEvent").contains("registry's serializer");
        });
    }

    @Test
    void withTheIdInHeadersEveryRecordGoesToTheRegistrysSerializerWithItsHeaders() {
        CountingSerializer<PolicyEvent> registry = registryFormat(PolicyEvent.class);
        ReusingAvroSerializer<PolicyEvent> reusing = new ReusingAvroSerializer<>(registry, true);
        PolicyEvent e1 = ReferenceData.policy("e1");
        reusing.serialize("supply.policy-events", new RecordHeaders(), e1);
        reusing.serialize("supply.policy-events", new RecordHeaders(), e1);
        assertThat(registry.calls.get()).isEqualTo(2);
        assertThat(registry.withHeaders.get()).isEqualTo(2);
    }

    @Test
    void threadsEncodingAtOnceEachGetTheirOwnRecordsBytes() throws Exception {
        CountingSerializer<PolicyEvent> registry = registryFormat(PolicyEvent.class);
        ReusingAvroSerializer<PolicyEvent> reusing = new ReusingAvroSerializer<>(registry, false);
        PolicyEvent e1 = ReferenceData.policy("e1");
        reusing.serialize("supply.policy-events", e1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Integer>> work = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                work.add(() -> {
                    SplittableRandom random = new SplittableRandom(thread);
                    int checked = 0;
                    for (int i = 0; i < 2000; i++) {
                        PolicyEvent event = PolicyEvent.newBuilder(e1).setEventId("t" + thread + "-" + i)
                                .setProvenance(Provenance.newBuilder(e1.getProvenance()).setSummary("x".repeat(random.nextInt(2000))).build()).build();
                        if (java.util.Arrays.equals(reusing.serialize("supply.policy-events", event), registry.delegate.serialize("supply.policy-events", event))) checked++;
                    }
                    return checked;
                });
            }
            for (Future<Integer> done : pool.invokeAll(work, 60, TimeUnit.SECONDS)) assertThat(done.get()).isEqualTo(2000);
        } finally {
            pool.shutdownNow();
        }
        assertThat(registry.calls.get()).isEqualTo(1);
    }

    private static DeadLetter letter(SplittableRandom random, int rawBytes) {
        byte[] raw = new byte[rawBytes];
        random.nextBytes(raw);
        return DeadLetter.newBuilder()
                .setReason(DeadLetterReason.values()[random.nextInt(DeadLetterReason.values().length)])
                .setDetail("detail " + random.nextLong())
                .setEventId(random.nextBoolean() ? null : "e" + random.nextInt(1000))
                .setSourceTopic("supply.policy-events")
                .setSourcePartition(random.nextInt(3))
                .setSourceOffset(random.nextLong(1L << 40))
                .setSourceTimestamp(Instant.ofEpochMilli(random.nextLong(4_000_000_000_000L)))
                .setRawKey(random.nextBoolean() ? null : ByteBuffer.wrap(new byte[]{1, 2, 3}))
                .setRawValue(ByteBuffer.wrap(raw))
                .setFailedAt(Instant.ofEpochMilli(random.nextLong(4_000_000_000_000L)))
                .build();
    }

    private static final class CountingSerializer<T> implements Serializer<T> {
        final Serializer<T> delegate;
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger withHeaders = new AtomicInteger();

        CountingSerializer(Serializer<T> delegate) {
            this.delegate = delegate;
        }

        @Override
        public byte[] serialize(String topic, T data) {
            calls.incrementAndGet();
            return delegate.serialize(topic, data);
        }

        @Override
        public byte[] serialize(String topic, org.apache.kafka.common.header.Headers headers, T data) {
            withHeaders.incrementAndGet();
            return serialize(topic, data);
        }
    }
}
