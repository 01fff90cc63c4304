package io.supplyshock.cli;

import io.supplyshock.tools.ProcessingProgress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.time.Duration;

@Command(name = "wait-processed",
        description = {"Waits until the app has consumed all its input (its consumer lag is zero) and no transaction it opened is left open.",
                "Exit status: 0 caught up; 1 still behind after SECONDS, or Kafka unreachable."})
final class WaitProcessedCommand extends SubCommand {

    @Parameters(index = "0", arity = "0..1", paramLabel = "SECONDS", defaultValue = "180", converter = PositiveInt.class,
            description = "how long to wait at most (default: ${DEFAULT-VALUE})")
    int seconds;

    @Override
    public Integer call() throws Exception {
        return ProcessingProgress.waitUntilProcessed(config(), Duration.ofSeconds(seconds), out());
    }
}
