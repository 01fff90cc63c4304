package io.supplyshock;

import io.supplyshock.config.AppConfig;
import io.supplyshock.topics.RegistryAvroSerdes;
import io.supplyshock.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.LeaderNotAvailableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/** Creates the pipeline's topics; existing topics are left as they are, so it can run on every start. */
public final class TopicAdmin {

    private static final Duration LEADER_WAIT = Duration.ofSeconds(60);

    private TopicAdmin() {
    }

    public static int createTopics(AppConfig config, PrintStream out) throws InterruptedException {
        int partitions = config.getInt(AppConfig.TOPIC_PARTITIONS);
        short replication = (short) config.getInt(AppConfig.TOPIC_REPLICATION);
        Topics topics = new Topics(new RegistryAvroSerdes(config));
        try (Admin admin = Admin.create(adminConfig(config))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (Topics.Topic<?> topic : topics.all()) {
                if (existing.contains(topic.name())) {
                    out.println("exists   " + topic.name());
                    continue;
                }
                NewTopic newTopic = new NewTopic(topic.name(), partitions, replication);
                newTopic.configs(topic.compacted()
                        ? Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)
                        : Map.of(TopicConfig.RETENTION_MS_CONFIG, config.get(AppConfig.TOPIC_RETENTION_MS)));
                missing.add(newTopic);
            }
            List<String> created = new ArrayList<>();
            for (var entry : admin.createTopics(missing).values().entrySet()) {
                try {
                    entry.getValue().get(30, TimeUnit.SECONDS);
                    created.add(entry.getKey());
                    out.println("created  " + entry.getKey() + " (" + partitions + " partitions)");
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) throw e;
                    out.println("exists   " + entry.getKey());
                }
            }
            awaitLeaders(admin, created, partitions);
            return ensureCompatibilityRule(config, out);
        } catch (ExecutionException | TimeoutException e) {
            System.err.println("cannot create topics on " + config.get(AppConfig.BOOTSTRAP_SERVERS) + ": " + e.getMessage());
            return 1;
        }
    }

    /**
     * Sets the registry's global compatibility rule (registry.compatibility, BACKWARD by default), so that a
     * producer's new schema version that the pipeline could not read with its current classes is refused
     * when it is registered, with the registry's reason, instead of failing records later.
     */
    static int ensureCompatibilityRule(AppConfig config, PrintStream out) throws InterruptedException {
        String level = config.get(AppConfig.REGISTRY_COMPATIBILITY).trim().toUpperCase(java.util.Locale.ROOT);
        String base = config.get(AppConfig.REGISTRY_URL).replaceAll("/+$", "");
        String body = "{\"ruleType\":\"COMPATIBILITY\",\"config\":\"" + level + "\"}";
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(10)).build();
        try {
            java.net.http.HttpResponse<String> created = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/admin/rules"))
                    .timeout(java.time.Duration.ofSeconds(30)).header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            java.net.http.HttpResponse<String> answer = created;
            if (created.statusCode() == 409) {
                answer = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/admin/rules/COMPATIBILITY"))
                        .timeout(java.time.Duration.ofSeconds(30)).header("Content-Type", "application/json")
                        .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            }
            if (answer.statusCode() / 100 != 2) {
                System.err.println("cannot set the registry's compatibility rule to " + level + " at " + base + ": HTTP " + answer.statusCode() + " " + answer.body());
                return 1;
            }
            out.println("registry compatibility " + level + " (global rule at " + base + ")");
            return 0;
        } catch (java.io.IOException e) {
            System.err.println("cannot reach the registry at " + base + " to set its compatibility rule: " + e.getMessage());
            return 1;
        }
    }

    /**
     * Waits until every partition of the new topics answers from its leader. A created topic is in the metadata before
     * its leader serves it: a produce in that window gets NOT_LEADER_OR_FOLLOWER, and an idempotent producer with
     * several batches in flight then met OUT_OF_ORDER_SEQUENCE_NUMBER on its retries until the batches expired two
     * minutes later (the chaos harness, publishing just after creating its topics, lost a batch of profiles so).
     * Offsets are answered by the leader alone, and the Admin client retries "not leader" until its API timeout.
     */
    static void awaitLeaders(Admin admin, List<String> topics, int partitions)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (topics.isEmpty()) return;
        Map<TopicPartition, OffsetSpec> all = new HashMap<>();
        for (String topic : topics) {
            for (int p = 0; p < partitions; p++) all.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        retryWhileMetadataCatchesUp(() -> admin.listOffsets(all).all(), LEADER_WAIT,
                "the new topics' partitions had no serving leader within " + LEADER_WAIT.toSeconds() + " s: " + topics);
    }

    /**
     * Calls until an answer comes or {@code limit} has passed. A broker whose metadata has not caught up with a
     * creation yet (or still knows a deleted topic of the same name) answers "unknown topic" or "leader not
     * available" for a moment, and the admin client fails at once instead of retrying: those are asked again
     * every 100 ms; any other failure is thrown as it came.
     */
    static void retryWhileMetadataCatchesUp(Supplier<KafkaFuture<?>> call, Duration limit, String timeoutMessage)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            try {
                call.get().get(Math.max(left, 0), TimeUnit.NANOSECONDS);
                return;
            } catch (TimeoutException e) {
                throw new TimeoutException(timeoutMessage);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException || e.getCause() instanceof LeaderNotAvailableException)) throw e;
                if (System.nanoTime() > deadline) throw new TimeoutException(timeoutMessage + " (" + e.getCause().getMessage() + ")");
                Thread.sleep(100);
            }
        }
    }

    /** The admin client's settings for the app's cluster (its security settings included), with bounded calls. */
    public static Map<String, Object> adminConfig(AppConfig config) {
        Map<String, Object> admin = new HashMap<>(config.clientConfig());
        admin.put("request.timeout.ms", 15000);
        admin.put("default.api.timeout.ms", 30000);
        return admin;
    }
}
