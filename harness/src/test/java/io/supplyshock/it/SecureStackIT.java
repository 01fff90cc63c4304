package io.supplyshock.it;

import io.supplyshock.cli.Cli;
import io.supplyshock.TopicAdmin;
import io.supplyshock.config.AppConfig;
import io.supplyshock.profiles.ProfilePublisher;
import io.supplyshock.profiles.SeedEntityConverter;
import io.supplyshock.publish.JsonlPublisher;
import io.supplyshock.publish.PublishReport;
import io.supplyshock.schema.Alert;
import io.supplyshock.stack.Principal;
import io.supplyshock.stack.SecureAcls;
import io.supplyshock.testing.ReferenceData;
import io.supplyshock.testing.SecureStack;
import io.supplyshock.tools.AppProcess;
import io.supplyshock.topics.RegistryAvroSerdes;
import io.supplyshock.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The secure stack end to end: a SASL_SSL broker with SCRAM users and ACLs ({@code stack.sh start --secure}),
 * topics created by the admin principal, the app running as {@code supplyshock-app} (a child JVM, with the
 * settings {@code stack.sh env --as app} prints), the sample data published as {@code supplyshock-publisher},
 * alerts read as {@code supplyshock-consumer}; then what each principal may not do, refused by the broker.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecureStackIT {

    private static final Duration WAIT = Duration.ofSeconds(90);

    private SecureStack stack;
    private AppProcess app;
    private Path work;
    private PublishReport published;
    private AppConfig consumerConfig;
    private final List<ConsumerRecord<String, byte[]>> alerts = new ArrayList<>();

    @BeforeAll
    void startSecurePipeline() throws Exception {
        stack = SecureStack.start();
        work = Files.createTempDirectory("supplyshock-secure-it");

        AppConfig admin = stack.appConfig("admin", work);
        assertThat(TopicAdmin.createTopics(admin, System.out)).as("create-topics as admin").isZero();

        // The app as an operator runs it: the exports of 'stack.sh env --as app', in a JVM of its own whose log is kept.
        Map<String, String> appEnv = new LinkedHashMap<>(stack.appConfig("app", work).environment());
        appEnv.putAll(exports(stack.run("env", "--as", "app")));
        appEnv.putAll(AppProcess.freeHttpPort());
        appEnv.put(AppConfig.SIGNAL_CLOCK_IDLE_MS.envName(), "2000");
        // Kafka's config dumps are INFO: let them into the log, whose credentials are checked below.
        appEnv.put("SUPPLYSHOCK_KAFKA_LOG_LEVEL", "INFO");
        Path jar = stack.projectRoot().resolve("tools/target/supplyshock.jar");
        assertThat(jar).as("the packaged app (mvn package)").isRegularFile();
        app = AppProcess.start(AppConfig.of(Map.of()), jar, "512m", work.resolve("app.log"), appEnv);
        app.awaitRunning(WAIT);

        AppConfig publisher = stack.appConfig("publisher", work);
        assertThat(Cli.run("publish-baseline", new String[0], publisher, System.out, System.err)).isZero();
        Path profiles = work.resolve("exposure-profiles.jsonl");
        new SeedEntityConverter().convert(ReferenceData.seedEntitiesFile()).write(profiles);
        assertThat(Cli.run("publish-profiles", new String[]{profiles.toString()}, publisher, System.out, System.err)).isZero();
        published = new JsonlPublisher(publisher, JsonlPublisher.Options.defaults(), System.err).publish(ReferenceData.seedEventsFile());

        // Read alerts as the consumer principal, in a group of its prefix.
        consumerConfig = stack.appConfig("consumer", work);
        Map<String, Object> props = consumerProps("consumer");
        props.put("group.id", SecureAcls.CONSUMER_GROUP_PREFIX + "-it");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.ALERTS));
            long deadline = System.nanoTime() + WAIT.toNanos();
            // Some alerts, then a quiet second: enough to show the path works without waiting for the whole run.
            long quietSince = 0;
            while (System.nanoTime() < deadline) {
                int n = 0;
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    alerts.add(r);
                    n++;
                }
                if (n > 0) quietSince = System.nanoTime();
                if (!alerts.isEmpty() && System.nanoTime() - quietSince > TimeUnit.SECONDS.toNanos(2)) break;
            }
        }
    }

    @AfterAll
    void stopStack() throws Exception {
        try {
            if (app != null) app.close();
        } finally {
            if (stack != null) stack.close();
        }
    }

    @Test
    void theConsumerReadsAlertsTheAppMadeFromWhatThePublisherWrote() {
        assertThat(published.completed()).isTrue();
        assertThat(published.published()).isPositive();
        assertThat(alerts).as("alerts read as " + Principal.CONSUMER.user()).isNotEmpty();
        Topics topics = new Topics(new RegistryAvroSerdes(consumerConfig));
        Alert first = topics.alerts().valueSerde().deserializer().deserialize(Topics.ALERTS, alerts.getFirst().value());
        assertThat(first.getAlertId()).isNotBlank();
        assertThat(alerts).anySatisfy(r -> assertThat(r.key()).isNotBlank());
    }

    @Test
    void noCredentialReachesTheAppsLog() throws Exception {
        String log = Files.readString(app.log());
        assertThat(log).contains("supplyshock started");
        // Kafka's own config dumps print Password-typed values as [hidden].
        assertThat(log).contains("sasl.jaas.config = [hidden]").contains("ssl.truststore.password = [hidden]");
        for (String password : stack.passwords()) assertThat(log).doesNotContain(password);
    }

    @Test
    void thePublisherCannotReadAlerts() {
        assertThatThrownBy(() -> pollAssigned("publisher", Topics.ALERTS)).isInstanceOf(TopicAuthorizationException.class);
    }

    @Test
    void theConsumerCannotWriteOrReadAnInputTopic() throws Exception {
        Map<String, Object> props = new HashMap<>(stack.clientProperties("consumer"));
        props.put("enable.idempotence", false);
        props.put("max.block.ms", 15_000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(Topics.POLICY_EVENTS, "k", "v")).get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(TopicAuthorizationException.class);
        }
        assertThatThrownBy(() -> pollAssigned("consumer", Topics.POLICY_EVENTS)).isInstanceOf(TopicAuthorizationException.class);
        // Dead letters carry raw input records, so they are not the consumer's either.
        assertThatThrownBy(() -> pollAssigned("consumer", Topics.DEAD_LETTERS)).isInstanceOf(TopicAuthorizationException.class);
    }

    @Test
    void theConsumerNeedsAGroupOfItsPrefix() {
        Map<String, Object> props = consumerProps("consumer");
        props.put("group.id", "someone-elses-group");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.ALERTS));
            assertThatThrownBy(() -> pollFor(consumer, Duration.ofSeconds(20))).isInstanceOf(GroupAuthorizationException.class);
        }
    }

    @Test
    void thePublisherMayOnlyUseItsOwnTransactionalIds() throws Exception {
        Map<String, Object> props = new HashMap<>(stack.clientProperties("publisher"));
        props.put("transactional.id", "supplyshock-impostor");
        props.put("max.block.ms", 15_000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            assertThatThrownBy(producer::initTransactions).isInstanceOf(TransactionalIdAuthorizationException.class);
        }
    }

    @Test
    void aWrongPasswordIsRefused() throws Exception {
        Map<String, Object> props = new HashMap<>(stack.clientProperties("consumer"));
        props.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + Principal.CONSUMER.user() + "\" password=\"not-the-password\";");
        assertThat(listTopicsFailure(props)).isInstanceOf(SaslAuthenticationException.class);
    }

    @Test
    void plaintextAndUntrustedTlsGetNowhere() throws Exception {
        Map<String, Object> plaintext = new HashMap<>(Map.of("bootstrap.servers", stack.bootstrapServers(), "security.protocol", "PLAINTEXT"));
        assertThat(listTopicsFailure(plaintext)).as("plaintext to the SASL_SSL port").isInstanceOf(TimeoutException.class);

        Map<String, Object> untrusted = new HashMap<>(stack.clientProperties("admin"));
        untrusted.keySet().removeIf(k -> k.startsWith("ssl.truststore"));
        assertThat(listTopicsFailure(untrusted)).as("a client that does not trust the stack's CA").isInstanceOf(SslAuthenticationException.class);
    }

    // ---- helpers ------------------------------------------------------------------------------

    private Map<String, Object> consumerProps(String principal) {
        try {
            Map<String, Object> props = new HashMap<>(stack.clientProperties(principal));
            props.put("auto.offset.reset", "earliest");
            props.put("isolation.level", "read_committed");
            return props;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void pollAssigned(String principal, String topic) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProps(principal), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            consumer.seekToBeginning(List.of(new TopicPartition(topic, 0)));
            pollFor(consumer, Duration.ofSeconds(20));
        }
    }

    private static void pollFor(KafkaConsumer<String, byte[]> consumer, Duration howLong) {
        long deadline = System.nanoTime() + howLong.toNanos();
        while (System.nanoTime() < deadline) consumer.poll(Duration.ofMillis(500));
        throw new AssertionError("polling was not refused within " + howLong.toSeconds() + " s");
    }

    private static Throwable listTopicsFailure(Map<String, Object> props) throws Exception {
        props.put("request.timeout.ms", 3000);
        props.put("default.api.timeout.ms", 6000);
        try (Admin admin = Admin.create(props)) {
            admin.listTopics().names().get(20, TimeUnit.SECONDS);
            throw new AssertionError("listing topics succeeded");
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    /** {@code export NAME=VALUE} lines as bash's printf %q wrote them. */
    private static Map<String, String> exports(String output) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            if (!line.startsWith("export ")) continue;
            String assignment = line.substring("export ".length());
            int eq = assignment.indexOf('=');
            out.put(assignment.substring(0, eq), assignment.substring(eq + 1).replaceAll("\\\\(.)", "$1"));
        }
        return out;
    }
}
