package io.supplyshock.security;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The ACLs of the secure stack ({@code scripts/stack.sh start --secure}): what each principal may do,
 * and nothing more, since the broker runs with {@code allow.everyone.if.no.acl.found=false}.
 *
 * <p>This file depends on kafka-clients and the JDK only, so {@code scripts/secure.sh} runs it with the
 * Java source launcher on the broker's classpath ({@code java -cp KAFKA_CP SecureAcls.java BOOTSTRAP
 * ADMIN_PROPERTIES}) without the app jar being built. For the same reason the topic names are spelled
 * out here; {@code SecureAclsTest} checks them against {@link io.supplyshock.topics.Topics}.
 */
public final class SecureAcls {

    public static final String ADMIN = "supplyshock-admin";
    public static final String APP = "supplyshock-app";
    public static final String PUBLISHER = "supplyshock-publisher";
    public static final String CONSUMER = "supplyshock-consumer";

    /** The streams app's application.id: prefix of its internal topics, its group and its transactional ids. */
    public static final String APPLICATION_ID = "supplyshock";
    /** Consumer groups the consumer principal may use: any whose name starts with this. */
    public static final String CONSUMER_GROUP_PREFIX = "supplyshock-consumer";
    /** Transactional-id prefixes of the event publisher and the profile publisher (a per-run suffix follows). */
    public static final List<String> PUBLISHER_TRANSACTIONAL_ID_PREFIXES = List.of("supplyshock-publisher", "supplyshock-profile-publisher");

    public static final List<String> INPUT_TOPICS = List.of("supply.policy-events", "supply.market-events",
            "supply.disruption-events", "supply.commodity-profiles", "supply.exposure-profiles");
    /** Line counts of publisher runs: written by the publisher, metered by the app. */
    public static final String PUBLISHER_REPORTS = "supply.publisher-reports";
    /** What the consumer principal reads. */
    public static final List<String> OUTPUT_TOPICS = List.of("supply.alerts", "supply.exposures", "supply.commodity-state");
    /** Written by the app; not readable by the consumer principal, since it carries raw input records. */
    public static final String DEAD_LETTERS = "supply.dead-letters";

    private SecureAcls() {
    }

    public static List<AclBinding> bindings() {
        List<AclBinding> out = new ArrayList<>();
        // The streams app: reads the inputs, writes the outputs and dead letters, owns everything under its application id.
        for (String topic : INPUT_TOPICS) allow(out, APP, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.READ);
        allow(out, APP, ResourceType.TOPIC, PUBLISHER_REPORTS, PatternType.LITERAL, AclOperation.READ);
        for (String topic : OUTPUT_TOPICS) allow(out, APP, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.WRITE);
        allow(out, APP, ResourceType.TOPIC, DEAD_LETTERS, PatternType.LITERAL, AclOperation.WRITE);
        allow(out, APP, ResourceType.TOPIC, APPLICATION_ID, PatternType.PREFIXED, AclOperation.CREATE, AclOperation.READ,
                AclOperation.WRITE, AclOperation.DESCRIBE, AclOperation.DELETE, AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS);
        allow(out, APP, ResourceType.GROUP, APPLICATION_ID, PatternType.PREFIXED, AclOperation.READ, AclOperation.DESCRIBE);
        allow(out, APP, ResourceType.TRANSACTIONAL_ID, APPLICATION_ID, PatternType.PREFIXED, AclOperation.WRITE, AclOperation.DESCRIBE);
        allow(out, APP, ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL, AclOperation.IDEMPOTENT_WRITE);

        // The publishers (events, profiles, baseline): write the inputs in transactions, read nothing.
        for (String topic : INPUT_TOPICS) allow(out, PUBLISHER, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.WRITE);
        allow(out, PUBLISHER, ResourceType.TOPIC, PUBLISHER_REPORTS, PatternType.LITERAL, AclOperation.WRITE);
        for (String prefix : PUBLISHER_TRANSACTIONAL_ID_PREFIXES) {
            allow(out, PUBLISHER, ResourceType.TRANSACTIONAL_ID, prefix, PatternType.PREFIXED, AclOperation.WRITE, AclOperation.DESCRIBE);
        }
        allow(out, PUBLISHER, ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL, AclOperation.IDEMPOTENT_WRITE);

        // Downstream readers: the three output topics, in groups of their own prefix.
        for (String topic : OUTPUT_TOPICS) allow(out, CONSUMER, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.READ);
        allow(out, CONSUMER, ResourceType.GROUP, CONSUMER_GROUP_PREFIX, PatternType.PREFIXED, AclOperation.READ, AclOperation.DESCRIBE);
        return out;
    }

    private static void allow(List<AclBinding> out, String user, ResourceType type, String name, PatternType pattern, AclOperation... operations) {
        for (AclOperation operation : operations) {
            out.add(new AclBinding(new ResourcePattern(type, name, pattern),
                    new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW)));
        }
    }

    /** Creates the ACLs with the given admin client settings; creating an existing ACL is a no-op. */
    public static int create(Properties adminConfig) throws Exception {
        List<AclBinding> bindings = bindings();
        try (Admin admin = Admin.create(adminConfig)) {
            admin.createAcls(bindings).all().get(60, TimeUnit.SECONDS);
        }
        return bindings.size();
    }

    /** {@code SecureAcls BOOTSTRAP ADMIN_CLIENT_PROPERTIES}; exits 0 once every ACL exists. */
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: SecureAcls BOOTSTRAP_SERVERS ADMIN_CLIENT_PROPERTIES");
            System.exit(2);
        }
        Properties props = load(Path.of(args[1]));
        props.put("bootstrap.servers", args[0]);
        System.out.println("created or kept " + create(props) + " ACLs on " + args[0]);
    }

    private static Properties load(Path file) throws IOException {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            props.load(reader);
        }
        return props;
    }
}
