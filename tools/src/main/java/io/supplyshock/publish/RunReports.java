package io.supplyshock.publish;

import io.supplyshock.config.AppConfig;
import io.supplyshock.topics.PublisherReport;
import io.supplyshock.topics.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Leaves a publisher run's line counts on {@code supply.publisher-reports}, where the running app
 * meters them ({@code supplyshock_publisher_lines_total}). Losing a report loses a metric, not
 * data, so a failure is a warning and never changes the run's exit status.
 */
public final class RunReports {

    private RunReports() {
    }

    public static PublisherReport of(String publisher, Path file, PublishReport report) {
        return new PublisherReport(publisher, file.getFileName().toString(), report.published(), report.rejected().size(),
                report.blankLines(), Instant.now());
    }

    public static void send(AppConfig config, PublisherReport report, PrintStream err) {
        Map<String, Object> props = new HashMap<>(config.clientConfig());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        // The run is over; waiting a minute for a broker that is gone helps nobody.
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.PUBLISHER_REPORTS, report.publisher(), report.toJson())).get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            err.println("warning: line counts not reported to " + Topics.PUBLISHER_REPORTS + " (the metrics miss this run): "
                    + KafkaRecordSink.rootMessage(e));
        }
    }
}
