package io.supplyshock.it;

import io.supplyshock.TopicAdmin;
import io.supplyshock.config.AppConfig;
import io.supplyshock.testing.RealStack;
import io.supplyshock.testing.RealStackExtension;
import io.supplyshock.tools.ProcessingProgress;
import io.supplyshock.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run is not over while a transaction of the app is open: a SIGKILLed instance leaves one open until the broker
 * aborts it, and until then read_committed readers see nothing committed after it, so offsets alone would read
 * "caught up" with work still hidden. Shown on the real broker with a transaction opened and left open on purpose.
 */
@ExtendWith(RealStackExtension.class)
class ProcessingProgressIT {

    @Test
    void anOpenTransactionOnATopicTheAppWritesHoldsBackCaughtUpUntilItEnds(RealStack stack) throws Exception {
        AppConfig config = stack.appConfig("supplyshock-progress-it", Files.createTempDirectory("supplyshock-progress-it"));
        assertThat(TopicAdmin.createTopics(config, new PrintStream(ByteArrayOutputStream.nullOutputStream()))).isZero();
        String internal = config.get(AppConfig.APPLICATION_ID) + "-probe-store-changelog";
        try (Admin admin = Admin.create(new HashMap<>(config.clientConfig()))) {
            admin.createTopics(List.of(new NewTopic(internal, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        // The group has committed its (empty) input: nothing is left to consume.
        Map<String, Object> consumerProps = new HashMap<>(config.clientConfig());
        consumerProps.put("group.id", config.get(AppConfig.APPLICATION_ID));
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.commitSync(Map.of(new TopicPartition(Topics.POLICY_EVENTS, 0), new OffsetAndMetadata(0)), Duration.ofSeconds(30));
        }
        assertThat(ProcessingProgress.waitUntilProcessed(config, Duration.ofSeconds(30), System.out)).as("nothing in flight").isZero();

        Map<String, Object> producerProps = new HashMap<>(config.clientConfig());
        producerProps.put("transactional.id", "supplyshock-progress-it-left-open");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(internal, new byte[]{1}, new byte[]{2})).get(30, TimeUnit.SECONDS);

            ByteArrayOutputStream progress = new ByteArrayOutputStream();
            assertThat(ProcessingProgress.waitUntilProcessed(config, Duration.ofSeconds(8), new PrintStream(progress, true)))
                    .as("offsets are all consumed, but a transaction on a topic the app writes is open").isEqualTo(1);
            assertThat(progress.toString()).contains("(lag 0), 1 partition(s) behind an open transaction");

            producer.abortTransaction();
        }
        assertThat(ProcessingProgress.waitUntilProcessed(config, Duration.ofSeconds(30), System.out)).as("the transaction ended").isZero();
    }
}
