package io.supplyshock.stack;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The server.properties of the project's single-node KRaft broker (broker and controller in one process), plain
 * or secure. The local stack and the compose file's secure broker are both written from here; they differ only
 * in where the broker listens and the name it gives itself.
 */
public final class BrokerConfig {

    /** Settings of every single-node broker of the project; the compose file's plain broker sets them too. */
    public static final Map<String, String> SINGLE_NODE = singleNode();

    private static final String SCRAM = "SCRAM-SHA-512";

    /**
     * Where the broker listens.
     *
     * @param hostName null for the local stack (loopback only); in a container network, the name the other
     *                 containers reach the broker by: it then listens on every interface and advertises that name
     * @param hostPort null, or a second client listener on this port, advertised as 127.0.0.1 for clients outside
     *                 the container network (the port compose publishes on the host)
     */
    public record Listeners(int clientPort, int controllerPort, String hostName, Integer hostPort) {

        public static Listeners loopback(int clientPort, int controllerPort) {
            return new Listeners(clientPort, controllerPort, null, null);
        }

        String bindHost() {
            return hostName == null ? "127.0.0.1" : "";
        }

        String advertisedHost() {
            return hostName == null ? "127.0.0.1" : hostName;
        }
    }

    /** A secure broker's TLS stores and the password of the admin principal, its own identity. */
    public record Security(String adminPassword, Path keystore, String keystorePassword, Path truststore, String truststorePassword) {
    }

    private BrokerConfig() {
    }

    /** @param security null for a plaintext broker */
    public static Map<String, String> settings(Listeners listeners, int partitions, Path dataDir, Security security) {
        String client = security == null ? "PLAINTEXT" : "SASL_SSL";
        String bind = listeners.bindHost();
        String advertised = listeners.advertisedHost();
        String listen = client + "://" + bind + ":" + listeners.clientPort() + ",CONTROLLER://" + bind + ":" + listeners.controllerPort();
        String advertise = client + "://" + advertised + ":" + listeners.clientPort();
        String protocols = "CONTROLLER:" + (security == null ? "PLAINTEXT" : "SASL_PLAINTEXT") + "," + client + ":" + client;
        if (listeners.hostPort() != null) {
            listen += ",HOST://" + bind + ":" + listeners.hostPort();
            advertise += ",HOST://127.0.0.1:" + listeners.hostPort();
            protocols += ",HOST:" + client;
        }
        Map<String, String> out = new LinkedHashMap<>();
        out.put("process.roles", "broker,controller");
        out.put("node.id", "1");
        out.put("controller.quorum.voters", "1@" + advertised + ":" + listeners.controllerPort());
        out.put("listeners", listen);
        out.put("advertised.listeners", advertise);
        out.put("controller.listener.names", "CONTROLLER");
        out.put("inter.broker.listener.name", client);
        out.put("listener.security.protocol.map", protocols);
        if (security != null) putSecurity(out, security, listeners.hostPort() != null);
        out.put("log.dirs", dataDir.toString());
        out.put("num.partitions", String.valueOf(partitions));
        out.putAll(SINGLE_NODE);
        return out;
    }

    /**
     * Clients and the broker itself use SCRAM over TLS on the client listener. The controller listener is never
     * advertised; the broker logs in to its own controller with PLAIN, whose user is defined right here, so that
     * listener works before any SCRAM credential is in the metadata log.
     */
    private static void putSecurity(Map<String, String> out, Security security, boolean hostListener) {
        String admin = Principal.ADMIN.user();
        out.put("sasl.enabled.mechanisms", SCRAM);
        out.put("sasl.mechanism.inter.broker.protocol", SCRAM);
        out.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config", SecureFiles.scramLogin(admin, security.adminPassword()));
        if (hostListener) {
            // A listener that is not the inter-broker one only checks clients: the login module, no identity of its own.
            out.put("listener.name.host.scram-sha-512.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        }
        out.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
        out.put("sasl.mechanism.controller.protocol", "PLAIN");
        out.put("listener.name.controller.plain.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                + admin + "\" password=\"" + security.adminPassword() + "\" user_" + admin + "=\"" + security.adminPassword() + "\";");
        out.put("ssl.keystore.type", "PKCS12");
        out.put("ssl.keystore.location", security.keystore().toString());
        out.put("ssl.keystore.password", security.keystorePassword());
        out.put("ssl.key.password", security.keystorePassword());
        out.put("ssl.truststore.type", "PKCS12");
        out.put("ssl.truststore.location", security.truststore().toString());
        out.put("ssl.truststore.password", security.truststorePassword());
        out.put("ssl.client.auth", "none");
        out.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        out.put("allow.everyone.if.no.acl.found", "false");
        out.put("super.users", Principal.ADMIN.kafkaPrincipal());
    }

    /** One {@code key=value} per line. Values are written as they are, so none may hold a backslash or a line break. */
    public static String render(Map<String, String> settings) {
        StringBuilder text = new StringBuilder("# Generated by 'supplyshock stack prepare' (scripts/stack.sh start): edits are overwritten on the next start.\n");
        settings.forEach((key, value) -> {
            if (value.contains("\\") || value.contains("\n")) {
                throw new IllegalArgumentException(key + " holds a backslash or a line break, which a properties file would change: " + value);
            }
            text.append(key).append('=').append(value).append('\n');
        });
        return text.toString();
    }

    private static Map<String, String> singleNode() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("default.replication.factor", "1");
        out.put("min.insync.replicas", "1");
        out.put("auto.create.topics.enable", "false");
        // One broker: every internal topic must make do with one replica.
        out.put("offsets.topic.replication.factor", "1");
        out.put("transaction.state.log.replication.factor", "1");
        out.put("transaction.state.log.min.isr", "1");
        out.put("share.coordinator.state.topic.replication.factor", "1");
        out.put("share.coordinator.state.topic.min.isr", "1");
        // Consumers and Streams apps should not sit idle for 3 s on every (re)join.
        out.put("group.initial.rebalance.delay.ms", "0");
        return java.util.Collections.unmodifiableMap(out);
    }
}
