package io.supplyshock.cli;

import io.supplyshock.tools.DemoSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;


@Command(name = "summary",
        description = "Prints the alerts by severity and the most exposed entities.")
final class SummaryCommand extends SubCommand {

    @Parameters(index = "0", arity = "0..1", paramLabel = "TOP_N", defaultValue = "10", converter = PositiveInt.class,
            description = "how many entities to list (default: ${DEFAULT-VALUE})")
    int top;

    @Override
    public Integer call() {
        return DemoSummary.print(config(), top, out());
    }
}
