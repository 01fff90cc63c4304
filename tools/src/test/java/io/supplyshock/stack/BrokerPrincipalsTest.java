package io.supplyshock.stack;

import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BrokerPrincipalsTest {

    @TempDir
    Path dir;

    @Test
    void theAppPublisherAndConsumerGetScramSha512CredentialsWithTheirOwnPasswordsAndTheAdminNone() throws Exception {
        SecureFiles files = new SecureFiles(dir);
        SecureFilesFixture.passwords(files, "AdminSecret");
        List<UserScramCredentialUpsertion> upserts = BrokerPrincipals.upsertions(files).stream()
                .map(UserScramCredentialUpsertion.class::cast).toList();
        assertThat(upserts).extracting(UserScramCredentialUpsertion::user)
                .containsExactly("supplyshock-app", "supplyshock-publisher", "supplyshock-consumer");
        assertThat(upserts).allSatisfy(u -> {
            assertThat(u.credentialInfo().mechanism()).isEqualTo(ScramMechanism.SCRAM_SHA_512);
            assertThat(u.credentialInfo().iterations()).isEqualTo(4096);
            assertThat(new String(u.password(), StandardCharsets.UTF_8)).isEqualTo(u.user() + "-secret");
        });
    }
}
