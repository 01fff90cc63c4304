package io.supplyshock.stack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BrokerFilesTest {

    @TempDir
    Path stack;

    @Test
    void aPlainBrokerIsFormattedWithItsClusterIdOnlyAndKeepsThatIdAcrossStarts() throws Exception {
        StackLayout layout = StackLayout.of(stack);
        BrokerFiles.write(layout, BrokerConfig.Listeners.loopback(9092, 9093), 3);
        List<String> first = Files.readAllLines(layout.formatArguments());
        assertThat(first).hasSize(2).first().isEqualTo("--cluster-id");
        assertThat(first.get(1)).matches("[A-Za-z0-9_-]{22}").doesNotStartWith("-");

        BrokerFiles.write(layout, BrokerConfig.Listeners.loopback(19092, 19093), 5);
        assertThat(Files.readAllLines(layout.formatArguments())).isEqualTo(first);
        assertThat(Files.readString(layout.serverProperties())).contains("listeners=PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093\n")
                .contains("num.partitions=5\n").contains("log.dirs=" + stack.resolve("kafka/data") + "\n");
    }

    @Test
    void aSecureBrokerIsFormattedWithTheAdminsScramCredentialAndItsFilesArePrivate() throws Exception {
        StackLayout layout = StackLayout.of(stack);
        SecureFilesFixture.passwords(layout.secure(), "AdminSecret");
        BrokerFiles.write(layout, BrokerConfig.Listeners.loopback(9092, 9093), 3);
        assertThat(Files.readAllLines(layout.formatArguments())).hasSize(4).endsWith("--add-scram",
                "SCRAM-SHA-512=[name=supplyshock-admin,password=AdminSecret]");
        assertThat(Files.readString(layout.serverProperties())).contains("listeners=SASL_SSL://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093\n")
                .contains("password=\"AdminSecret\"");
        for (Path f : List.of(layout.serverProperties(), layout.formatArguments())) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).as(f.toString()).isEqualTo("rw-------");
        }
    }
}
