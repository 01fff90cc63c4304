package io.supplyshock;

import org.junit.jupiter.api.Test;

import java.util.logging.Level;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

class MainTest {

    @Test
    void apicuriosSharedVertxNoticeIsNotLogged() throws Exception {
        // The class that logs "Using default shared Vertx instance" (at WARNING, through java.util.logging).
        String name = "io.apicurio.registry.client.common.DefaultVertxInstance";
        assertThat(Class.forName(name)).isNotNull();
        Main.quietLibraryNotices();
        Logger logger = Logger.getLogger(name);
        assertThat(logger.isLoggable(Level.WARNING)).isFalse();
        assertThat(logger.isLoggable(Level.SEVERE)).isTrue();
    }
}
