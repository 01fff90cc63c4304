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
}
