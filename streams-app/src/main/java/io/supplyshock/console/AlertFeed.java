package io.supplyshock.console;

import io.supplyshock.schema.Alert;
import io.supplyshock.schema.Storyline;
import io.supplyshock.topics.RecentlyUsed;
import io.supplyshock.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The console's view of supply.alerts and supply.storylines: every instance reads both topics whole, from the
 * beginning (no consumer group: nothing to commit, nothing to rebalance), and keeps the newest alerts and
 * storylines in memory, bounded. Each alert gets a feed sequence when first seen; a re-read of the same alert id
 * (a restart of the reader, a duplicate delivery) replaces its content and keeps its sequence, so the feed never
 * lists a situation twice.
 */
public final class AlertFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AlertFeed.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(10);
    private static final long MAX_BACKOFF_MS = 30_000;

    /** One alert as the feed holds it. */
    public record Entry(long sequence, Alert alert) {
    }

    /** One page of the feed: the matching alerts newest first, the newest sequence and how many match in all. */
    public record Page(List<Entry> alerts, long latestSequence, int total, boolean caughtUp) {
    }

    private final int maxAlerts;
    private final TreeMap<Long, Alert> bySequence = new TreeMap<>();
    private final Map<String, Long> sequenceById = new HashMap<>();
    private final Map<String, Storyline> storylines;
    private long latestSequence;
    private volatile boolean caughtUp;

    private volatile boolean running;
    private volatile boolean closed;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Thread reader;

    public AlertFeed(int maxAlerts, int maxStorylines) {
        if (maxAlerts < 1 || maxStorylines < 1) throw new IllegalArgumentException("the feed's caps must be at least 1");
        this.maxAlerts = maxAlerts;
        this.storylines = RecentlyUsed.map(maxStorylines);
    }

    /** Starts the reader thread on the given client settings (bootstrap and security as the streams app uses them). */
    public synchronized AlertFeed start(Map<String, Object> clientConfig, Topics topics) {
        if (reader != null) throw new IllegalStateException("already started");
        running = true;
        reader = new Thread(() -> readForever(clientConfig, topics), "console-alert-feed");
        reader.setDaemon(true);
        reader.start();
        return this;
    }

    // ---- the index: package-private writes for the reader and the tests ----

    synchronized void add(Alert alert) {
        Long known = sequenceById.get(alert.getAlertId());
        if (known != null) {
            bySequence.put(known, alert);
        } else {
            long sequence = ++latestSequence;
            bySequence.put(sequence, alert);
            sequenceById.put(alert.getAlertId(), sequence);
            while (bySequence.size() > maxAlerts) {
                sequenceById.remove(bySequence.pollFirstEntry().getValue().getAlertId());
            }
        }
        notifyAll();
    }

    /** The newest record of a storyline replaces the older; a tombstone (null) forgets it. */
    synchronized void put(String storylineId, Storyline storyline) {
        if (storyline == null) storylines.remove(storylineId);
        else storylines.put(storylineId, storyline);
    }

    void caughtUp(boolean value) {
        caughtUp = value;
    }

    // ---- reads ----

    public boolean caughtUp() {
        return caughtUp;
    }

    public synchronized long latestSequence() {
        return latestSequence;
    }

    public synchronized int size() {
        return bySequence.size();
    }

    /** The matching alerts with a sequence above {@code after}, newest first, at most {@code limit}. */
    public synchronized Page page(Predicate<Alert> filter, long after, int limit) {
        List<Entry> out = new ArrayList<>();
        int total = 0;
        for (Map.Entry<Long, Alert> e : bySequence.descendingMap().entrySet()) {
            if (!filter.test(e.getValue())) continue;
            total++;
            if (e.getKey() > after && out.size() < limit) out.add(new Entry(e.getKey(), e.getValue()));
        }
        return new Page(out, latestSequence, total, caughtUp);
    }

    /**
     * Like {@link #page}, but while no matching alert is newer than {@code after}, waits up to {@code wait} for
     * one to arrive (a long poll); returns the empty page when the wait ends or the feed closes.
     */
    public synchronized Page await(Predicate<Alert> filter, long after, int limit, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        Page page = page(filter, after, limit);
        while (page.alerts().isEmpty() && !closed) {
            long left = deadline - System.nanoTime();
            if (left <= 0) break;
            long seen = latestSequence;
            wait(Math.max(1, Duration.ofNanos(left).toMillis()));
            if (latestSequence != seen) page = page(filter, after, limit);
        }
        return page;
    }

    public synchronized Optional<Entry> alert(String alertId) {
        Long sequence = sequenceById.get(alertId);
        return sequence == null ? Optional.empty() : Optional.of(new Entry(sequence, bySequence.get(sequence)));
    }

    public synchronized Optional<Storyline> storyline(String storylineId) {
        return Optional.ofNullable(storylines.get(storylineId));
    }

    /** Every matching alert in event-time order (ties by sequence). */
    public synchronized List<Entry> inEventTimeOrder(Predicate<Alert> filter, int limit) {
        List<Entry> out = new ArrayList<>();
        bySequence.forEach((sequence, alert) -> {
            if (filter.test(alert)) out.add(new Entry(sequence, alert));
        });
        out.sort(Comparator.comparing((Entry e) -> e.alert().getEventTime()).thenComparingLong(Entry::sequence));
        return out.size() > limit ? List.copyOf(out.subList(out.size() - limit, out.size())) : out;
    }

    // ---- the reader ----

    private void readForever(Map<String, Object> clientConfig, Topics topics) {
        long backoff = 500;
        while (running) {
            try {
                readFromTheBeginning(clientConfig, topics);
            } catch (WakeupException e) {
                if (!running) break;
            } catch (Exception e) {
                if (!running) break;
                LOG.warn("console alert feed: reading {} and {} failed, retrying in {} ms: {}", Topics.ALERTS, Topics.STORYLINES, backoff, e.toString());
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    break;
                }
                backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
            }
        }
        synchronized (this) {
            notifyAll();
        }
    }

    private void readFromTheBeginning(Map<String, Object> clientConfig, Topics topics) {
        Map<String, Object> props = new HashMap<>(clientConfig);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "supplyshock-console-feed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        Deserializer<Alert> alerts = topics.alerts().valueSerde().deserializer();
        Deserializer<Storyline> storylineValues = topics.storylines().valueSerde().deserializer();
        Deserializer<String> keys = topics.alerts().keySerde().deserializer();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props)) {
            consumer = c;
            if (!running) return;
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(Topics.ALERTS, Topics.STORYLINES)) {
                List<PartitionInfo> infos = c.partitionsFor(topic, METADATA_TIMEOUT);
                if (infos == null || infos.isEmpty()) throw new IllegalStateException("topic " + topic + " has no partitions (not created yet?)");
                infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
            }
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = c.endOffsets(partitions, METADATA_TIMEOUT);
            caughtUp(false);
            long skipped = 0;
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(POLL)) {
                    try {
                        if (r.topic().equals(Topics.ALERTS)) {
                            if (r.value() != null) add(alerts.deserialize(r.topic(), r.headers(), r.value()));
                        } else {
                            String key = keys.deserialize(r.topic(), r.headers(), r.key());
                            if (key != null) put(key, r.value() == null ? null : storylineValues.deserialize(r.topic(), r.headers(), r.value()));
                        }
                    } catch (RuntimeException e) {
                        // One unreadable record must not stop the feed; the streams app dead-letters such records anyway.
                        if (skipped++ % 100 == 0) LOG.warn("console alert feed: skipped an unreadable record at {}-{}@{} ({} so far): {}",
                                r.topic(), r.partition(), r.offset(), skipped, e.toString());
                    }
                }
                if (!caughtUp && end.entrySet().stream().allMatch(e -> c.position(e.getKey(), METADATA_TIMEOUT) >= e.getValue())) {
                    caughtUp(true);
                    LOG.info("console alert feed caught up: {} alerts", size());
                }
            }
        } finally {
            consumer = null;
        }
    }

    @Override
    public void close() {
        running = false;
        closed = true;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) c.wakeup();
        synchronized (this) {
            notifyAll();
        }
        Thread t = reader;
        if (t != null) {
            try {
                t.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
