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
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

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

    @Test
    void caughtUpAtReturnsTheFirstQuietObservationNotTheEndOfTheConfirmations(RealStack stack) throws Exception {
        AppConfig config = stack.appConfig("supplyshock-progress-at-it", Files.createTempDirectory("supplyshock-progress-at-it"));
        assertThat(TopicAdmin.createTopics(config, new PrintStream(ByteArrayOutputStream.nullOutputStream()))).isZero();
        TopicPartition input = new TopicPartition(Topics.POLICY_EVENTS, 0);
        long end;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(new HashMap<>(config.clientConfig()), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 10; i++) producer.send(new ProducerRecord<>(input.topic(), input.partition(), null, new byte[]{(byte) i}));
            producer.flush();
        }
        Map<String, Object> consumerProps = new HashMap<>(config.clientConfig());
        consumerProps.put("group.id", config.get(AppConfig.APPLICATION_ID));
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            end = consumer.endOffsets(List.of(input), Duration.ofSeconds(30)).get(input);
            consumer.commitSync(Map.of(input, new OffsetAndMetadata(0)), Duration.ofSeconds(30));
        }
        assertThat(ProcessingProgress.lag(config)).as("the records published above are not consumed yet").isPositive();

        // The "app" commits past its input a second after the wait starts.
        AtomicLong committingFrom = new AtomicLong();
        Thread committer = Thread.ofVirtual().start(() -> {
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                Thread.sleep(1000);
                committingFrom.set(System.nanoTime());
                consumer.commitSync(Map.of(input, new OffsetAndMetadata(end)), Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Duration interval = Duration.ofMillis(200);
        OptionalLong caughtUp = ProcessingProgress.caughtUpAt(config, Duration.ofSeconds(30), interval, 2, System.out);
        long returnedAt = System.nanoTime();
        committer.join(Duration.ofSeconds(30));

        assertThat(caughtUp).as("caught up once the offsets were committed").isPresent();
        assertThat(caughtUp.getAsLong()).as("never before the work ended").isGreaterThanOrEqualTo(committingFrom.get());
        assertThat(returnedAt - caughtUp.getAsLong()).as("the two confirmations come after the instant returned")
                .isGreaterThanOrEqualTo(2 * interval.toNanos());
    }
}
