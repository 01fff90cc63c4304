package io.supplyshock;

import io.apicurio.registry.client.common.DefaultVertxInstance;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

class MainTest {

    @Test
    void apicuriosSharedVertxNoticeIsNotLogged() {
        List<LogRecord> published = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                published.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
            Main.quietLibraryNotices();
            // Creating the shared instance is what logs "Using default shared Vertx instance" at WARNING.
            assertThat(DefaultVertxInstance.get()).isNotNull();
            assertThat(published).extracting(LogRecord::getLoggerName).doesNotContain(DefaultVertxInstance.class.getName());
        } finally {
            root.removeHandler(capture);
            DefaultVertxInstance.close();
        }
    }
}
