package io.supplyshock.cli;

import io.supplyshock.config.AppConfig;
import io.supplyshock.config.Secrets;
import picocli.CommandLine.Command;

import java.io.PrintStream;

@Command(name = "config",
        description = {"Prints every setting, its environment variable and value, then the Kafka client settings "
                + "(SUPPLYSHOCK_KAFKA_CONFIG_*); credentials are masked."})
final class ConfigCommand extends SubCommand {

    @Override
    public Integer call() {
        AppConfig config = config();
        PrintStream out = out();
        AppConfig.SETTINGS.forEach(s -> out.printf("%-30s %-42s %s%n    %s%n", s.key(), s.envName(),
                Secrets.mask(s.key(), config.get(s)), s.doc()));
        Secrets.masked(config.kafkaOverrides()).forEach((k, v) -> out.printf("kafka.%-24s %-42s %s%n", k,
                AppConfig.kafkaEnvName(k), v));
        return Cli.OK;
    }
}
