package io.supplyshock.cli;

import io.supplyshock.tools.AlertTail;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;

@Command(name = "tail-alerts",
        description = {"Prints alerts from supply.alerts as they arrive, decoded through the registry.",
                "A record that cannot be decoded is tried again (for a minute while the registry is unreachable),",
                "then reported on stderr with its partition, offset and reason, and skipped."},
        footer = "Exit status: 0 stopped by --max, --idle-exit or Ctrl-C; 1 Kafka or the registry unreachable; 2 bad arguments.")
final class TailAlertsCommand extends SubCommand {

    @Option(names = "--json", description = "one JSON object per alert and line (the Avro record as JSON)")
    boolean json;

    @Option(names = "--from-beginning", description = "start with the alerts already in the topic (default: only new ones)")
    boolean fromBeginning;

    @Option(names = "--max", paramLabel = "N", converter = PositiveInt.class, description = "stop after N alerts")
    Integer max;

    @Option(names = "--idle-exit", paramLabel = "SECONDS", converter = PositiveInt.class, description = "stop after SECONDS without a new alert")
    Integer idleExit;

    @Override
    public Integer call() {
        AlertTail.Options options = new AlertTail.Options(json, fromBeginning, max == null ? Integer.MAX_VALUE : max,
                idleExit == null ? null : Duration.ofSeconds(idleExit));
        return AlertTail.follow(config(), options, out(), err());
    }
}
