package io.supplyshock.stack;

import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/** The broker's server.properties and the arguments that format its storage, written into a {@link StackLayout}. */
public final class BrokerFiles {

    private BrokerFiles() {
    }

    /**
     * Rewritten on every start, so that port and partition changes take effect; the formatted data depends on
     * none of them. Both files are private: a secure broker's hold passwords.
     */
    public static void write(StackLayout layout, BrokerConfig.Listeners listeners, int partitions) throws IOException {
        Files.createDirectories(layout.kafkaDir());
        SecureFiles secure = layout.secure();
        BrokerConfig.Security security = secure.enabled() ? secure.brokerSecurity() : null;
        SecureFiles.writePrivate(layout.serverProperties(),
                BrokerConfig.render(BrokerConfig.settings(listeners, partitions, layout.dataDir(), security)));
        SecureFiles.writePrivate(layout.formatArguments(), String.join("\n", formatArguments(layout, security)) + "\n");
    }

    static List<String> formatArguments(StackLayout layout, BrokerConfig.Security security) throws IOException {
        List<String> out = new ArrayList<>(List.of("--cluster-id", clusterId(layout)));
        if (security != null) {
            out.add("--add-scram");
            out.add("SCRAM-SHA-512=[name=" + Principal.ADMIN.user() + ",password=" + security.adminPassword() + "]");
        }
        return out;
    }

    private static String clusterId(StackLayout layout) throws IOException {
        if (Files.exists(layout.clusterIdFile())) {
            String kept = Files.readString(layout.clusterIdFile()).trim();
            if (!kept.isEmpty()) return kept;
        }
        String id = Uuid.randomUuid().toString();
        Files.writeString(layout.clusterIdFile(), id + "\n");
        return id;
    }
}
