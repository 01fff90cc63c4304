package io.supplyshock.stack;

import io.supplyshock.config.AppConfig;
import io.supplyshock.profiles.ProfilePublisher;
import io.supplyshock.publish.JsonlPublisher;
import io.supplyshock.topics.Topics;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import java.util.ArrayList;
import java.util.List;

/**
 * The ACLs of the secure stack (local: {@code scripts/stack.sh start --secure}; containers: the compose file's
 * {@code secure} profile): what each principal may do, and nothing more, since the broker runs with
 * {@code allow.everyone.if.no.acl.found=false}. The admin principal is a super user and needs none.
 */
public final class SecureAcls {

    /** The streams app's application.id: prefix of its internal topics, its group and its transactional ids. */
    public static final String APPLICATION_ID = AppConfig.APPLICATION_ID.defaultValue();
    /** Consumer groups the consumer principal may use: any whose name starts with this. */
    public static final String CONSUMER_GROUP_PREFIX = Principal.CONSUMER.user();
    public static final List<String> PUBLISHER_TRANSACTIONAL_ID_PREFIXES =
            List.of(JsonlPublisher.TRANSACTIONAL_ID_PREFIX, ProfilePublisher.TRANSACTIONAL_ID_PREFIX);

    public static final List<String> INPUT_TOPICS = List.of(Topics.POLICY_EVENTS, Topics.MARKET_EVENTS,
            Topics.DISRUPTION_EVENTS, Topics.COMMODITY_PROFILES, Topics.EXPOSURE_PROFILES);
    /** What the consumer principal reads. Not the dead letters: they carry raw input records, which it may not read. */
    public static final List<String> OUTPUT_TOPICS = List.of(Topics.ALERTS, Topics.STORYLINES, Topics.EXPOSURES, Topics.COMMODITY_STATE);

    private static final String CLUSTER = "kafka-cluster";

    private SecureAcls() {
    }

    public static List<AclBinding> bindings() {
        List<AclBinding> out = new ArrayList<>();
        // The streams app: reads the inputs, the publishers' line counts and its own alerts, writes the outputs and dead letters,
        // owns everything under its application id.
        for (String topic : INPUT_TOPICS) allow(out, Principal.APP, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.READ);
        allow(out, Principal.APP, ResourceType.TOPIC, Topics.PUBLISHER_REPORTS, PatternType.LITERAL, AclOperation.READ);
        // The storyline count reads the alerts back (they are written on their storyline's partition for it), and the
        // exposure rows store is supply.exposures read back (the topic is its changelog).
        allow(out, Principal.APP, ResourceType.TOPIC, Topics.ALERTS, PatternType.LITERAL, AclOperation.READ);
        allow(out, Principal.APP, ResourceType.TOPIC, Topics.EXPOSURES, PatternType.LITERAL, AclOperation.READ);
        for (String topic : OUTPUT_TOPICS) allow(out, Principal.APP, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.WRITE);
        allow(out, Principal.APP, ResourceType.TOPIC, Topics.DEAD_LETTERS, PatternType.LITERAL, AclOperation.WRITE);
        allow(out, Principal.APP, ResourceType.TOPIC, APPLICATION_ID, PatternType.PREFIXED, AclOperation.CREATE, AclOperation.READ,
                AclOperation.WRITE, AclOperation.DESCRIBE, AclOperation.DELETE, AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS);
        allow(out, Principal.APP, ResourceType.GROUP, APPLICATION_ID, PatternType.PREFIXED, AclOperation.READ, AclOperation.DESCRIBE);
        allow(out, Principal.APP, ResourceType.TRANSACTIONAL_ID, APPLICATION_ID, PatternType.PREFIXED, AclOperation.WRITE, AclOperation.DESCRIBE);
        allow(out, Principal.APP, ResourceType.CLUSTER, CLUSTER, PatternType.LITERAL, AclOperation.IDEMPOTENT_WRITE);

        // The publishers (events, profiles, baseline): write the inputs in transactions, read nothing.
        for (String topic : INPUT_TOPICS) allow(out, Principal.PUBLISHER, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.WRITE);
        allow(out, Principal.PUBLISHER, ResourceType.TOPIC, Topics.PUBLISHER_REPORTS, PatternType.LITERAL, AclOperation.WRITE);
        for (String prefix : PUBLISHER_TRANSACTIONAL_ID_PREFIXES) {
            allow(out, Principal.PUBLISHER, ResourceType.TRANSACTIONAL_ID, prefix, PatternType.PREFIXED, AclOperation.WRITE, AclOperation.DESCRIBE);
        }
        allow(out, Principal.PUBLISHER, ResourceType.CLUSTER, CLUSTER, PatternType.LITERAL, AclOperation.IDEMPOTENT_WRITE);

        // Downstream readers: the four output topics, in groups of their own prefix.
        for (String topic : OUTPUT_TOPICS) allow(out, Principal.CONSUMER, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.READ);
        allow(out, Principal.CONSUMER, ResourceType.GROUP, CONSUMER_GROUP_PREFIX, PatternType.PREFIXED, AclOperation.READ, AclOperation.DESCRIBE);
        return out;
    }

    private static void allow(List<AclBinding> out, Principal principal, ResourceType type, String name, PatternType pattern,
                              AclOperation... operations) {
        for (AclOperation operation : operations) {
            out.add(new AclBinding(new ResourcePattern(type, name, pattern),
                    new AccessControlEntry(principal.kafkaPrincipal(), "*", operation, AclPermissionType.ALLOW)));
        }
    }
}
