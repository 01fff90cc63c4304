package io.supplyshock.publish;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CliArgsTest {

    private static CliArgs parse(String... args) throws CliArgs.UsageException {
        return CliArgs.parse(args, Set.of("--dry-run"), Set.of("--rejects", "--batch-size"));
    }

    @Test
    void parsesPositionalsFlagsAndValues() throws CliArgs.UsageException {
        CliArgs cli = parse("in.jsonl", "--dry-run", "--rejects", "r.jsonl", "--batch-size=10");
        assertThat(cli.positionals()).containsExactly("in.jsonl");
        assertThat(cli.flag("--dry-run")).isTrue();
        assertThat(cli.value("--rejects")).isEqualTo("r.jsonl");
        assertThat(cli.positiveInt("--batch-size", 5000)).isEqualTo(10);
        assertThat(parse("x").positiveInt("--batch-size", 5000)).isEqualTo(5000);
        assertThat(parse("--", "--odd-name.jsonl").positionals()).containsExactly("--odd-name.jsonl");
    }

    @Test
    void refusesWhatItDoesNotKnow() {
        assertThatThrownBy(() -> parse("--dryrun")).hasMessage("unknown option --dryrun");
        assertThatThrownBy(() -> parse("--rejects")).hasMessage("--rejects needs a value");
        assertThatThrownBy(() -> parse("--dry-run", "--dry-run")).hasMessage("--dry-run given twice");
        assertThatThrownBy(() -> parse("--batch-size", "x").positiveInt("--batch-size", 1))
                .hasMessage("--batch-size must be a positive integer, got 'x'");
    }

    @Test
    void exitStatusReportsUsageErrorsWithTheUsageAndFailuresInOneLine() {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream err = new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8);
        org.assertj.core.api.Assertions.assertThat(CliArgs.exitStatus("usage: x", err, () -> 3)).isEqualTo(3);
        org.assertj.core.api.Assertions.assertThat(CliArgs.exitStatus("usage: x", err, () -> {
            throw new CliArgs.UsageException("--n must be a positive integer, got 'z'");
        })).isEqualTo(2);
        org.assertj.core.api.Assertions.assertThat(CliArgs.exitStatus("usage: x", err, () -> {
            throw new java.io.IOException("disk full");
        })).isEqualTo(1);
        org.assertj.core.api.Assertions.assertThat(bytes.toString(java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(
                "error: --n must be a positive integer, got 'z'\nusage: x\nerror: IOException: disk full\n");
    }
}
