package io.supplyshock.publish;

import io.supplyshock.config.AppConfig;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Sends records to Kafka inside transactions of {@code batchSize} records, so a consumer reading
 * with {@code read_committed} sees a file's records in whole batches, never half a batch of a failed run.
 *
 * <p>A transaction is all or nothing, yet one bad record must not cost its neighbours: when a
 * transaction fails on some records, it is aborted and its records are retried in halves, down to
 * single records, so exactly the failing records are reported, each with the broker's error.
 * A failure that no retry can fix (broker unreachable, producer fenced, not authorised, registry
 * down) stops the run; every record not yet committed is then reported as not published.
 */
public final class KafkaRecordSink implements RecordSink {

    private static final Logger log = LoggerFactory.getLogger(KafkaRecordSink.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final Producer<String, SpecificRecord> producer;
    private final int batchSize;
    private final Progress progress;
    private final String bootstrap;
    private final Duration maxBlock;
    private final String registryUrl;

    KafkaRecordSink(Producer<String, SpecificRecord> producer, int batchSize, Progress progress,
                    String bootstrap, Duration maxBlock, String registryUrl) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        this.producer = producer;
        this.batchSize = batchSize;
        this.progress = progress;
        this.bootstrap = bootstrap;
        this.maxBlock = maxBlock;
        this.registryUrl = registryUrl;
    }

    /**
     * @param transactionalIdPrefix e.g. {@code supplyshock-publisher}; a per-run suffix is added
     * @throws KafkaException when the producer cannot even be created (bad settings, unresolvable bootstrap)
     */
    public static KafkaRecordSink open(AppConfig config, String transactionalIdPrefix, int batchSize, Progress progress) {
        Map<String, Object> props = AvroProducerFactory.producerConfig(config, AvroProducerFactory.transactionalId(transactionalIdPrefix));
        Producer<String, SpecificRecord> producer = AvroProducerFactory.create(props, config);
        return new KafkaRecordSink(producer, batchSize, progress, String.valueOf(props.get("bootstrap.servers")),
                AvroProducerFactory.maxBlock(props), config.get(AppConfig.REGISTRY_URL));
    }

    @Override
    public SendResult sendAll(List<OutgoingRecord> records) {
        Run run = new Run();
        try {
            initTransactions();
            checkTopicsExist(records);
            for (int from = 0; from < records.size(); from += batchSize) {
                List<OutgoingRecord> batch = records.subList(from, Math.min(records.size(), from + batchSize));
                int before = run.settled.size();
                sendGroup(batch, run);
                progress.step("sent", before, run.settled.size(), records.size());
            }
            return new SendResult(run.failures, null);
        } catch (FatalSendException e) {
            for (OutgoingRecord r : records) {
                if (!run.settled.contains(r)) {
                    run.fail(r, "not published: " + e.getMessage());
                }
            }
            return new SendResult(run.failures, e.getMessage());
        }
    }

    private void initTransactions() throws FatalSendException {
        try {
            producer.initTransactions();
        } catch (TimeoutException e) {
            throw new FatalSendException("cannot reach Kafka at " + bootstrap + " within " + maxBlock.toSeconds() + "s");
        } catch (KafkaException e) {
            throw new FatalSendException("cannot start a transaction on Kafka at " + bootstrap + ": " + rootMessage(e));
        }
    }

    /**
     * A send to a missing topic blocks up to max.block.ms per record waiting for metadata; asking once
     * per topic up front turns "every record times out" into one clear line.
     */
    private void checkTopicsExist(List<OutgoingRecord> records) throws FatalSendException {
        for (String topic : records.stream().map(OutgoingRecord::topic).distinct().toList()) {
            try {
                producer.partitionsFor(topic);
            } catch (TimeoutException e) {
                throw new FatalSendException("topic " + topic + " not found on Kafka at " + bootstrap + " within "
                        + maxBlock.toSeconds() + "s (create the topics first)");
            } catch (KafkaException e) {
                throw fatal("cannot look up topic " + topic, e);
            }
        }
    }

    /** Sends a group in one transaction; on failure, retries its halves so only failing records are reported. */
    private void sendGroup(List<OutgoingRecord> group, Run run) throws FatalSendException {
        if (group.isEmpty()) {
            return;
        }
        Map<OutgoingRecord, String> errors = attempt(group);
        if (errors.isEmpty()) {
            group.forEach(run.settled::add);
            return;
        }
        if (group.size() == 1) {
            run.fail(group.get(0), errors.values().iterator().next());
            return;
        }
        log.debug("transaction of {} records failed ({}); retrying in halves", group.size(), errors.values().iterator().next());
        int half = group.size() / 2;
        sendGroup(group.subList(0, half), run);
        sendGroup(group.subList(half, group.size()), run);
    }

    /**
     * One transaction over {@code records}. Returns no errors when it committed; otherwise it was
     * aborted, and the result holds an error for each record seen failing (not for the innocent ones,
     * which the caller retries).
     *
     * <p>A send that throws stops the attempt at once: after a failed send the producer refuses every
     * later send of the transaction with the first record's error, which must not be pinned on them.
     */
    private Map<OutgoingRecord, String> attempt(List<OutgoingRecord> records) throws FatalSendException {
        try {
            producer.beginTransaction();
        } catch (KafkaException e) {
            throw fatal("cannot begin a transaction", e);
        }
        Map<OutgoingRecord, Future<RecordMetadata>> pending = new IdentityHashMap<>();
        Map<OutgoingRecord, String> errors = new IdentityHashMap<>();
        for (OutgoingRecord r : records) {
            try {
                Future<RecordMetadata> future = producer.send(new ProducerRecord<>(r.topic(), null,
                        r.timestamp() == null ? null : r.timestamp().toEpochMilli(), r.key(), r.value()));
                failFastIfFatal(future, r);
                pending.put(r, future);
            } catch (RuntimeException e) {
                // The serializer talks to the registry over HTTP; a refused connection is not the record's fault.
                if (io.supplyshock.topics.RegistryErrors.isUnreachable(e)) {
                    abortQuietly();
                    throw new FatalSendException("cannot reach the schema registry at " + registryUrl + ": " + rootMessage(e));
                }
                if (isFatal(e)) {
                    abortQuietly();
                    throw fatal("send failed", e);
                }
                errors.put(r, (e instanceof SerializationException ? "cannot serialise for " + r.topic() : "send failed")
                        + ": " + rootMessage(e));
                break;
            }
        }
        producer.flush();
        for (Map.Entry<OutgoingRecord, Future<RecordMetadata>> p : pending.entrySet()) {
            try {
                p.getValue().get();
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                if (isFatal(cause)) {
                    abortQuietly();
                    throw fatal("send to " + p.getKey().topic() + " failed", cause);
                }
                errors.put(p.getKey(), "broker refused the record: " + rootMessage(cause));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                abortQuietly();
                throw new FatalSendException("interrupted while waiting for the broker");
            }
        }
        if (!errors.isEmpty()) {
            abortQuietly();
            return errors;
        }
        try {
            producer.commitTransaction();
        } catch (KafkaException e) {
            if (isFatal(e)) {
                abortQuietly();
                throw fatal("commit failed (the outcome of the last " + pending.size() + " records is unknown)", e);
            }
            abortQuietly();
            String reason = "transaction aborted: " + rootMessage(e);
            pending.keySet().forEach(r -> errors.put(r, reason));
            return errors;
        }
        return errors;
    }

    /**
     * The producer reports some errors (metadata timeout, authorisation) as an already-failed future
     * after blocking; stop there instead of blocking again for every remaining record.
     */
    private void failFastIfFatal(Future<RecordMetadata> future, OutgoingRecord r) throws FatalSendException {
        if (!future.isDone()) {
            return;
        }
        try {
            future.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (isFatal(cause)) {
                abortQuietly();
                throw fatal("send to " + r.topic() + " failed", cause);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abortQuietly();
            throw new FatalSendException("interrupted while waiting for the broker");
        }
    }

    private FatalSendException fatal(String what, Throwable e) {
        if (e instanceof TimeoutException) {
            return new FatalSendException(what + ": no answer from Kafka at " + bootstrap + " within "
                    + maxBlock.toSeconds() + "s (" + rootMessage(e) + ")");
        }
        return new FatalSendException(what + ": " + rootMessage(e));
    }

    private void abortQuietly() {
        try {
            producer.abortTransaction();
        } catch (RuntimeException e) {
            log.debug("abort failed (the transaction times out on the broker): {}", e.toString());
        }
    }

    /** Errors no retry of the same record can fix: stop rather than fail every record slowly. */
    private static boolean isFatal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t instanceof ProducerFencedException
                    || t instanceof OutOfOrderSequenceException || t instanceof AuthenticationException
                    || t instanceof AuthorizationException || t instanceof UnsupportedVersionException
                    || t instanceof InterruptException || t instanceof IllegalStateException) {
                return true;
            }
        }
        return false;
    }

    /** The innermost message, which names the actual problem rather than the wrappers around it. */
    static String rootMessage(Throwable e) {
        String registry = io.supplyshock.topics.RegistryErrors.describe(e);
        if (registry != null) return registry;
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }

    @Override
    public void close() {
        try {
            producer.close(CLOSE_TIMEOUT);
        } catch (RuntimeException e) {
            log.debug("producer close failed: {}", e.toString());
        }
    }

    private static final class Run {
        /** Records committed or reported failed; identity, because two records may be equal in value. */
        final Set<OutgoingRecord> settled = Collections.newSetFromMap(new IdentityHashMap<>());
        final List<SendFailure> failures = new ArrayList<>();

        void fail(OutgoingRecord r, String reason) {
            if (settled.add(r)) {
                failures.add(new SendFailure(r, reason));
            }
        }
    }

    /** Sending cannot go on; the message is the one line the user sees. */
    static final class FatalSendException extends Exception {
        FatalSendException(String message) {
            super(message);
        }
    }
}
