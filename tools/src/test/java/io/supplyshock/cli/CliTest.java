package io.supplyshock.cli;

import io.apicurio.registry.rest.client.models.ProblemDetails;
import io.supplyshock.config.AppConfig;
import io.supplyshock.profiles.CommoditySupplyProfileFile;
import io.supplyshock.profiles.ExposureProfileFile;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

class CliTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int cli(String... args) {
        return Cli.execute(args, () -> AppConfig.of(Map.of()), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static Map<String, CommandLine> subcommands() {
        return Cli.commandLine(() -> AppConfig.of(Map.of()), System.out, System.err).getSubcommands();
    }

    @Test
    void everyCommandTheScriptsAndReadmeUseExists() {
        assertThat(subcommands().keySet()).contains("run", "create-topics", "publish", "convert-entities", "publish-profiles",
                "publish-commodity-profiles", "publish-baseline", "wait-processed", "summary",
                "tail-alerts", "what-if", "config", "completion", "help");
    }

    @Test
    void everySubcommandAnswersHelpWithItsOptions() {
        for (Map.Entry<String, CommandLine> e : subcommands().entrySet()) {
            if (e.getKey().equals("help")) continue;
            out.reset();
            err.reset();
            assertThat(cli(e.getKey(), "--help")).as(e.getKey() + " --help").isZero();
            assertThat(stdout()).as(e.getKey()).startsWith("Usage: supplyshock " + e.getKey());
            List<String> options = new ArrayList<>();
            e.getValue().getCommandSpec().options().forEach(o -> options.add(o.longestName()));
            assertThat(options).as(e.getKey()).contains("--help", "--version");
            for (String option : options) {
                assertThat(stdout()).as(e.getKey() + " help lists " + option).contains(option);
            }
            assertThat(stderr()).as(e.getKey()).isEmpty();
        }
    }

    @Test
    void theDocumentedOptionsKeepTheirNames() {
        cli("publish", "--help");
        assertThat(stdout()).contains("--rejects=FILE", "--rejects-format=jsonl|csv", "--dry-run", "--keep-file-order", "--batch-size=N",
                "default: 5000");
        out.reset();
        cli("tail-alerts", "--help");
        assertThat(stdout()).contains("--json", "--from-beginning", "--max=N", "--idle-exit=SECONDS");
    }

    @Test
    void theProfileCommandsListTheColumnsTheyRead() {
        cli("publish-profiles", "--help");
        assertThat(stdout().replaceAll("\\s+", "")).contains(String.join(",", ExposureProfileFile.COLUMNS));
        out.reset();
        cli("publish-commodity-profiles", "--help");
        assertThat(stdout().replaceAll("\\s+", "")).contains(String.join(",", CommoditySupplyProfileFile.COLUMNS));
    }

    @Test
    void topLevelHelpListsTheCommandsAndExitsZero() {
        assertThat(cli("--help")).isZero();
        assertThat(stdout()).startsWith("Usage: supplyshock").contains("publish-baseline", "tail-alerts", "completion", "SUPPLYSHOCK_LOG_FORMAT");
        out.reset();
        assertThat(cli("help", "publish")).isZero();
        assertThat(stdout()).startsWith("Usage: supplyshock publish");
    }

    @Test
    void versionNamesTheProgram() {
        assertThat(cli("--version")).isZero();
        assertThat(stdout()).startsWith("supplyshock ").contains("Java " + Runtime.version().feature());
    }

    @Test
    void anUnknownOptionIsAUsageErrorNamingIt() {
        assertThat(cli("publish", "a.jsonl", "--frobnicate")).isEqualTo(2);
        assertThat(stderr()).startsWith("error: Unknown option: '--frobnicate'").contains("Usage: supplyshock publish");
        assertThat(stdout()).isEmpty();
    }

    @Test
    void badValuesAndMissingArgumentsAreUsageErrors() {
        assertThat(cli("publish", "a.jsonl", "--batch-size", "0")).isEqualTo(2);
        assertThat(stderr()).contains("--batch-size").contains("must be a positive integer, got '0'");
        err.reset();
        assertThat(cli("publish", "a.jsonl", "--rejects-format", "xml")).isEqualTo(2);
        assertThat(stderr()).contains("rejects format must be jsonl or csv, got 'xml'");
        err.reset();
        assertThat(cli("publish-baseline", "--no-default")).isEqualTo(2);
        assertThat(stderr()).contains("--no-default needs at least one FOLDER");
        err.reset();
        assertThat(cli("tail-alerts", "extra")).isEqualTo(2);
        assertThat(stderr()).contains("Unmatched argument");
        err.reset();
        assertThat(cli("convert-entities", "seed.jsonl")).isEqualTo(2);
        assertThat(stderr()).contains("Missing required option: '--out=FILE.jsonl|FILE.csv'");
    }

    @Test
    void anUnknownOrMissingCommandIsAUsageError() {
        assertThat(cli("frobnicate")).isEqualTo(2);
        assertThat(stderr()).contains("Unmatched argument at index 0: 'frobnicate'").contains("Usage: supplyshock");
        err.reset();
        assertThat(cli()).isEqualTo(2);
        assertThat(stderr()).contains("missing COMMAND");
    }

    @Test
    void aBadSettingIsAUsageErrorAndHelpNeedsNoSettings() {
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        java.util.function.Supplier<AppConfig> broken = () -> {
            throw new IllegalArgumentException("SUPPLYSHOCK_HTTP_PORT must be a number, got 'x'");
        };
        assertThat(Cli.execute(new String[]{"config"}, broken, o, e)).isEqualTo(2);
        assertThat(stderr()).isEqualTo("error: SUPPLYSHOCK_HTTP_PORT must be a number, got 'x'" + System.lineSeparator());
        assertThat(Cli.execute(new String[]{"config", "--help"}, broken, o, e)).isZero();
    }

    @Test
    void configPrintsEverySetting() {
        assertThat(cli("config")).isZero();
        AppConfig.SETTINGS.forEach(s -> assertThat(stdout()).contains(s.key(), s.envName()));
    }

    @Test
    void completionPrintsABashScriptForEveryCommand() {
        assertThat(cli("completion")).isZero();
        assertThat(stdout()).contains("complete -F _complete_supplyshock", "publish-commodity-profiles", "--keep-file-order",
                "--idle-exit", "scripts/supplyshock.sh");
    }

    /** A command that fails as the registry client does when the registry refuses a request. */
    @CommandLine.Command(name = "refused")
    static final class RefusedByRegistry implements Callable<Integer> {
        @Override
        public Integer call() {
            ProblemDetails answer = new ProblemDetails();
            answer.setStatus(409);
            answer.setTitle("An artifact with that ID already exists.");
            throw new RuntimeException(answer);
        }
    }

    @Test
    void aRegistryRefusalSaysWhatTheRegistryAnswered() {
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        int status = Cli.commandLine(() -> AppConfig.of(Map.of()), o, e, new RefusedByRegistry()).execute("refused");

        assertThat(status).isEqualTo(Cli.FAILURE);
        assertThat(stderr()).startsWith("error: RuntimeException: the schema registry refused it (HTTP 409): "
                + "An artifact with that ID already exists." + System.lineSeparator());
    }
}
