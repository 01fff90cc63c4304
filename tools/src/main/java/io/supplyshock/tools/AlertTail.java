package io.supplyshock.tools;

import io.supplyshock.topics.RegistryClients;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.supplyshock.config.AppConfig;
import io.supplyshock.query.AvroJson;
import io.supplyshock.schema.Alert;
import io.supplyshock.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import io.supplyshock.topics.RegistryErrors;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.PrintStream;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints alerts from {@code supply.alerts} as they arrive, decoded through the registry: a few
 * readable lines per alert, or one JSON object per line with {@code --json}. It reads without a
 * consumer group, so watching never moves anyone's offsets.
 */
public final class AlertTail {

    /**
     * @param json          one JSON object per alert and line instead of readable lines
     * @param fromBeginning start with the alerts already in the topic
     * @param max           stop after this many alerts
     * @param idleExit      stop after this long without a new alert; null to wait forever
     */
    public record Options(boolean json, boolean fromBeginning, int max, Duration idleExit) {
    }

    private AlertTail() {
    }

    /** Tails until {@code --max}, {@code --idle-exit} or Ctrl-C: 0, or 1 when Kafka or the registry cannot be reached. */
    public static int follow(AppConfig config, Options options, PrintStream out, PrintStream err) {
        try {
            tail(config, options, out, err);
            return 0;
        } catch (org.apache.kafka.common.KafkaException e) {
            err.println("error: cannot read " + Topics.ALERTS + " from " + config.get(AppConfig.BOOTSTRAP_SERVERS) + ": " + describe(e));
            return 1;
        }
    }

    private static void tail(AppConfig config, Options options, PrintStream out, PrintStream err) {
        Map<String, Object> props = new HashMap<>(config.clientConfig());
        props.putAll(config.serdeConfig());
        // Alerts are written in transactions: an aborted one must never reach a reader.
        props.put("isolation.level", "read_committed");
        props.put("enable.auto.commit", "false");
        AvroKafkaDeserializer<Alert> values = RegistryClients.deserializer(config, props);
        try (KafkaConsumer<String, Alert> consumer = new KafkaConsumer<>(props, new StringDeserializer(), values)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.ALERTS, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(Topics.ALERTS, p.partition())).toList();
            consumer.assign(partitions);
            if (options.fromBeginning()) consumer.seekToBeginning(partitions);
            else consumer.seekToEnd(partitions);
            err.println("watching " + Topics.ALERTS + " (" + partitions.size() + " partitions"
                    + (options.fromBeginning() ? ", from the beginning" : ", new alerts only") + "); Ctrl-C to stop");
            int printed = 0;
            long lastSeen = System.nanoTime();
            UnreadableRecord unreadable = null;
            while (printed < options.max()) {
                org.apache.kafka.clients.consumer.ConsumerRecords<String, Alert> records;
                try {
                    records = consumer.poll(Duration.ofMillis(500));
                } catch (RecordDeserializationException e) {
                    unreadable = UnreadableRecord.next(unreadable, e);
                    if (unreadable.giveUp()) {
                        err.println("skipped " + unreadable.where() + ": " + describe(e));
                        consumer.seek(e.topicPartition(), e.offset() + 1);
                        unreadable = null;
                    } else {
                        if (unreadable.attempts() == 1 && unreadable.registryDown()) {
                            err.println("waiting for the schema registry (up to 60 s) to read " + unreadable.partition() + "@" + unreadable.offset()
                                    + ": " + describe(e));
                        }
                        // A registry that is slow or briefly down fails the lookup; the record itself may be fine.
                        consumer.seek(e.topicPartition(), e.offset());
                        sleep(Duration.ofSeconds(1));
                    }
                    continue;
                }
                for (ConsumerRecord<String, Alert> record : records) {
                    out.println(options.json() ? AvroJson.toJson(record.value()).toString() : readable(record.value()));
                    out.flush();
                    lastSeen = System.nanoTime();
                    unreadable = null;
                    if (++printed >= options.max()) break;
                }
                if (options.idleExit() != null && System.nanoTime() - lastSeen > options.idleExit().toNanos()) break;
            }
        }
    }

    /**
     * A record the deserializer failed on, and how often in a row. An unreachable registry is waited for up to a
     * minute; any other failure is tried three times before the record is reported and skipped, so one bad record
     * never stops the tail and a transient lookup failure never loses an alert.
     */
    record UnreadableRecord(TopicPartition partition, long offset, int attempts, long firstNanos, boolean registryDown) {
        static UnreadableRecord next(UnreadableRecord previous, RecordDeserializationException e) {
            boolean down = RegistryErrors.isUnreachable(e);
            if (previous != null && previous.partition.equals(e.topicPartition()) && previous.offset == e.offset()) {
                return new UnreadableRecord(previous.partition, previous.offset, previous.attempts + 1, previous.firstNanos, down);
            }
            return new UnreadableRecord(e.topicPartition(), e.offset(), 1, System.nanoTime(), down);
        }

        boolean giveUp() {
            return registryDown ? System.nanoTime() - firstNanos > Duration.ofSeconds(60).toNanos() : attempts >= 3;
        }

        String where() {
            return partition + "@" + offset + " after " + attempts + " attempts";
        }
    }

    /** The whole cause chain: the consumer's own message only says which record failed, never why. */
    static String describe(Throwable e) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (!out.isEmpty()) out.append(" <- ");
            out.append(t.getClass().getSimpleName());
            if (t.getMessage() != null) out.append(": ").append(t.getMessage());
            String registry = t == e ? RegistryErrors.describe(e) : null;
            if (registry != null) out.append(" (").append(registry).append(')');
        }
        return out.toString();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new org.apache.kafka.common.errors.InterruptException(e);
        }
    }

    /** E.g. {@code HIGH 77  SHOCK rare_earths  CN EXPORT_LICENCE  event 2025-10-09T00:00:00Z  [group:...#1]} and the explanation. */
    static String readable(Alert a) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%-8s %3d  %s %s  %s %s  event %s  [%s]", a.getSeverity(), a.getScore(), a.getAlertType(),
                a.getCommodity(), a.getIssuerCountry() == null ? "-" : a.getIssuerCountry(), a.getInstrument(),
                a.getEventTime().truncatedTo(ChronoUnit.SECONDS), a.getAlertId()));
        if (a.getPreviousSeverity() != null) s.append("  (was ").append(a.getPreviousSeverity()).append(')');
        s.append("\n    ").append(a.getExplanation().getSummary());
        s.append("\n    sources: ").append(String.join(", ", a.getExplanation().getSourceEventIds()));
        if (!a.getAffectedEntities().isEmpty()) {
            s.append("; exposed: ").append(String.join(", ", a.getAffectedEntities().stream().limit(5).toList()));
            if (a.getAffectedEntities().size() > 5) s.append(" +").append(a.getAffectedEntities().size() - 5).append(" more");
        }
        return s.toString();
    }
}
