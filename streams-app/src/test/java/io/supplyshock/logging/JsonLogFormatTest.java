package io.supplyshock.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** logback-json.xml, the configuration SUPPLYSHOCK_LOG_FORMAT=json selects: one JSON object per event, one line each. */
class JsonLogFormatTest {

    @Test
    void eachEventIsOneJsonLineEvenWithAStackTrace() throws Exception {
        List<String> lines = logWithJsonConfig(ctx -> {
            ctx.getLogger("io.supplyshock.ingest.DecodeAndValidate")
                    .warn("dead-lettered {}-{}@{} ({}): {}", "supply.policy-events", 0, 7, "UNDESERIALIZABLE", "cannot decode as Avro");
            ctx.getLogger("io.supplyshock.StreamsApp").error("stream thread failed", new IllegalStateException("boom"));
            ctx.getLogger("io.supplyshock.StreamsApp").debug("not at the default level");
            ctx.getLogger("org.apache.kafka.clients.NetworkClient").info("below WARN for Kafka");
        });

        assertThat(lines).hasSize(2);
        ObjectMapper json = new ObjectMapper();
        JsonNode deadLetter = json.readTree(lines.get(0));
        assertThat(deadLetter.get("level").asText()).isEqualTo("WARN");
        assertThat(deadLetter.get("loggerName").asText()).isEqualTo("io.supplyshock.ingest.DecodeAndValidate");
        assertThat(deadLetter.get("formattedMessage").asText())
                .isEqualTo("dead-lettered supply.policy-events-0@7 (UNDESERIALIZABLE): cannot decode as Avro");
        assertThat(deadLetter.has("timestamp")).isTrue();
        JsonNode failure = json.readTree(lines.get(1));
        assertThat(failure.get("level").asText()).isEqualTo("ERROR");
        assertThat(failure.path("throwable").path("className").asText()).isEqualTo("java.lang.IllegalStateException");
    }

    private interface Logging {
        void log(LoggerContext context);
    }

    private static List<String> logWithJsonConfig(Logging logging) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        LoggerContext context = new LoggerContext();
        // SLF4J gives the application's context an MDC adapter; a context made by hand needs its own.
        context.setMDCAdapter(new LogbackMDCAdapter());
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(JsonLogFormatTest.class.getResource("/logback-json.xml"));
            logging.log(context);
        } finally {
            context.stop();
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
    }
}
