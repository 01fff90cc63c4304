package io.supplyshock.stack;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AclBinding;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The secure stack's SCRAM users and ACLs, made through the Admin API as the admin principal once the broker
 * answers. Both steps are idempotent (an upsert, and creating an existing ACL is a no-op), so every start runs them.
 */
public final class BrokerPrincipals {

    /** Kafka's own default for SCRAM credentials, and the least SCRAM-SHA-512 accepts. */
    static final int SCRAM_ITERATIONS = 4096;

    private BrokerPrincipals() {
    }

    /**
     * Credentials of every principal but the admin. The admin's is written when the storage is formatted
     * ({@code format.args}): the broker authenticates to itself with it before any client can connect.
     */
    static List<UserScramCredentialAlteration> upsertions(SecureFiles files) throws IOException {
        List<UserScramCredentialAlteration> out = new ArrayList<>();
        for (Principal p : Principal.values()) {
            if (p == Principal.ADMIN) continue;
            out.add(new UserScramCredentialUpsertion(p.user(), new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS),
                    files.password(p)));
        }
        return out;
    }

    /** @return what was made, for the start-up log */
    public static String ensure(String bootstrap, SecureFiles files, Duration timeout) throws IOException, StackException, InterruptedException {
        Map<String, Object> settings = new HashMap<>(files.readClientProperties(Principal.ADMIN));
        settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        List<UserScramCredentialAlteration> users = upsertions(files);
        List<AclBinding> acls = SecureAcls.bindings();
        try (Admin admin = Admin.create(settings)) {
            admin.alterUserScramCredentials(users).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            admin.createAcls(acls).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new StackException("creating SCRAM users and ACLs on " + bootstrap + " failed: " + e.getCause());
        } catch (TimeoutException e) {
            throw new StackException("creating SCRAM users and ACLs on " + bootstrap + " took more than " + timeout.toSeconds() + " s");
        }
        return users.size() + " SCRAM users and " + acls.size() + " ACLs present (" + Principal.APP.user() + ", "
                + Principal.PUBLISHER.user() + ", " + Principal.CONSUMER.user() + ")";
    }
}
