package io.supplyshock.stack;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StackPortsTest {

    @Test
    void aPortIsANumberFrom1To65535AndAnErrorNamesTheVariable() throws Exception {
        assertThat(StackPorts.parse("SUPPLYSHOCK_KAFKA_PORT", " 9092 ")).isEqualTo(new StackPorts.Port("SUPPLYSHOCK_KAFKA_PORT", 9092));
        for (String bad : List.of("0", "65536", "90x2", "")) {
            assertThatThrownBy(() -> StackPorts.parse("SUPPLYSHOCK_KAFKA_PORT", bad))
                    .hasMessage("SUPPLYSHOCK_KAFKA_PORT=" + bad + " is not a valid TCP port");
        }
    }

    @Test
    void twoComponentsCannotShareAPort() throws Exception {
        StackPorts.requireDistinct(List.of(new StackPorts.Port("A", 1), new StackPorts.Port("B", 2)));
        assertThatThrownBy(() -> StackPorts.requireDistinct(List.of(new StackPorts.Port("SUPPLYSHOCK_KAFKA_PORT", 8081),
                new StackPorts.Port("SUPPLYSHOCK_REGISTRY_PORT", 8081))))
                .hasMessage("the stack's ports must all differ, got SUPPLYSHOCK_KAFKA_PORT=8081, SUPPLYSHOCK_REGISTRY_PORT=8081");
    }

    @Test
    void aTakenPortIsRefusedNamingItsOwnerAndTheVariableToChange() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            int example = port + 10000 <= 65535 ? port + 10000 : port - 10000;
            assertThatThrownBy(() -> StackPorts.requireFree(new StackPorts.Port("SUPPLYSHOCK_REGISTRY_PORT", port)))
                    .hasMessage("port " + port + " is already in use by pid " + ProcessHandle.current().pid() + " (java); stop that process or "
                            + "choose another port with SUPPLYSHOCK_REGISTRY_PORT=<port> (e.g. SUPPLYSHOCK_REGISTRY_PORT=" + example
                            + " scripts/stack.sh start)");
        }
    }

    @Test
    void aReleasedPortIsFree() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        StackPorts.requireFree(new StackPorts.Port("SUPPLYSHOCK_KAFKA_PORT", port));
    }
}
