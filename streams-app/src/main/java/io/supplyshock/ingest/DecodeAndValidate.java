package io.supplyshock.ingest;

import io.supplyshock.schema.DeadLetter;
import io.supplyshock.schema.DeadLetterReason;
import io.supplyshock.schema.PolicyAction;
import io.supplyshock.schema.PolicyEvent;
import io.supplyshock.topics.RegistryErrors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Reads the raw bytes of an input record, decodes them with the topic's Avro serde and validates the
 * result. Decoding here, rather than in the source's deserializer, keeps the record's topic,
 * partition, offset and bytes at hand, so a bad record becomes a complete dead letter and the
 * application keeps running.
 */
final class DecodeAndValidate<T extends SpecificRecord> implements FixedKeyProcessor<String, byte[], Decoded<T>> {

    private static final Logger LOG = LoggerFactory.getLogger(DecodeAndValidate.class);
    /** How long one record waits for an unreachable registry before its stream thread gives up (and is replaced). */
    static final java.time.Duration REGISTRY_WAIT = java.time.Duration.ofSeconds(60);

    private final Deserializer<T> deserializer;
    private final IngestObserver observer;
    private FixedKeyProcessorContext<String, Decoded<T>> context;

    private final java.time.Duration registryWait;

    private final Class<T> type;

    public DecodeAndValidate(Deserializer<T> deserializer, Class<T> type, IngestObserver observer) {
        this(deserializer, type, observer, REGISTRY_WAIT);
    }

    DecodeAndValidate(Deserializer<T> deserializer, Class<T> type, IngestObserver observer, java.time.Duration registryWait) {
        this.deserializer = deserializer;
        this.type = type;
        this.observer = observer;
        this.registryWait = registryWait;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Decoded<T>> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, byte[]> record) {
        byte[] bytes = record.value();
        String topic = context.recordMetadata().map(RecordMetadata::topic).orElse("unknown");
        if (bytes == null) {
            observer.recordIn(topic, RecordTypes.TOMBSTONE);
            context.forward(record.withValue(new Decoded.Tombstone<>()));
            return;
        }
        T value;
        try {
            value = deserializeWaitingForTheRegistry(topic, record, bytes);
        } catch (RegistryErrors.RegistryUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            observer.recordIn(topic, RecordTypes.UNDECODABLE);
            reject(record, null, new Violation(DeadLetterReason.UNDESERIALIZABLE, "cannot decode as Avro: " + rootMessage(e)));
            return;
        }
        if (value == null) {
            observer.recordIn(topic, RecordTypes.UNDECODABLE);
            reject(record, null, new Violation(DeadLetterReason.UNDESERIALIZABLE, "decoded to null"));
            return;
        }
        if (!type.isInstance(value)) {
            // The registry serde decodes into the writer's own class: another schema's record must stop here.
            observer.recordIn(topic, RecordTypes.UNDECODABLE);
            reject(record, null, new Violation(DeadLetterReason.OTHER, "a " + ((SpecificRecord) value).getSchema().getFullName()
                    + " record on a topic of " + type.getName()));
            return;
        }
        observer.recordIn(topic, RecordTypes.of(value));
        if (value instanceof PolicyEvent p && p.getAction() == PolicyAction.OTHER) {
            observer.unclassified(p.getRawSubtype() == null ? "" : p.getRawSubtype());
        }
        var violation = EventValidator.validate(record.key(), value);
        if (violation.isPresent()) {
            reject(record, eventIdOf(value), violation.get());
            return;
        }
        context.forward(record.withValue(new Decoded.Valid<>(value)));
    }

    /**
     * A registry that cannot be reached says nothing about the record: waiting (and, past the bound,
     * failing the stream thread so that the record is read again after its replacement) loses nothing,
     * where a dead letter would set a good record aside. Bytes the registry answered for and that still
     * do not decode are bad input, and the caller dead-letters them.
     */
    private T deserializeWaitingForTheRegistry(String topic, FixedKeyRecord<String, byte[]> record, byte[] bytes) {
        long deadline = System.nanoTime() + registryWait.toNanos();
        boolean logged = false;
        while (true) {
            try {
                return deserializer.deserialize(topic, record.headers(), bytes);
            } catch (RuntimeException e) {
                if (!RegistryErrors.isUnreachable(e)) throw e;
                if (System.nanoTime() > deadline) {
                    throw new RegistryErrors.RegistryUnavailableException("schema registry unreachable for " + registryWait.toSeconds()
                            + " s while decoding " + topic + ": " + rootMessage(e), e);
                }
                if (!logged) {
                    LOG.warn("schema registry unreachable while decoding {}; waiting (nothing is dead-lettered for this): {}", topic, rootMessage(e));
                    logged = true;
                }
                try {
                    Thread.sleep(Math.min(1000, Math.max(10, registryWait.toMillis() / 4)));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new RegistryErrors.RegistryUnavailableException("interrupted while waiting for the schema registry", e);
                }
            }
        }
    }

    private void reject(FixedKeyRecord<String, byte[]> record, String eventId, Violation violation) {
        RecordMetadata meta = context.recordMetadata().orElse(null);
        DeadLetter deadLetter = DeadLetter.newBuilder()
                .setReason(violation.reason())
                .setDetail(violation.detail())
                .setEventId(eventId)
                .setSourceTopic(meta == null ? "unknown" : meta.topic())
                .setSourcePartition(meta == null ? -1 : meta.partition())
                .setSourceOffset(meta == null ? -1 : meta.offset())
                .setSourceTimestamp(Instant.ofEpochMilli(record.timestamp()))
                .setRawKey(record.key() == null ? null : ByteBuffer.wrap(record.key().getBytes(StandardCharsets.UTF_8)))
                .setRawValue(ByteBuffer.wrap(record.value()))
                .setFailedAt(Instant.now())
                .build();
        // One line per bad record, no stack trace: a stream of bad input must not flood the log.
        LOG.warn("dead-lettered {}-{}@{} ({}): {}", deadLetter.getSourceTopic(), deadLetter.getSourcePartition(),
                deadLetter.getSourceOffset(), violation.reason(), violation.detail());
        observer.deadLettered(violation.reason());
        context.forward(record.withValue(new Decoded.Rejected<>(deadLetter)));
    }

    private static String eventIdOf(SpecificRecord value) {
        var field = value.getSchema().getField("eventId");
        if (field == null) field = value.getSchema().getField("profileId");
        if (field == null) return null;
        Object id = value.get(field.pos());
        return id == null ? null : id.toString();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

}
