package io.supplyshock.cli;

import io.supplyshock.config.AppConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/** The top-level command: the streams app and its tools share one jar. */
@Command(name = "supplyshock", mixinStandardHelpOptions = true, versionProvider = SupplyshockCommand.Version.class,
        description = "Supply-shock alerts from news-derived events: the streams application and the tools that go with it.",
        subcommands = {
                RunCommand.class,
                CreateTopicsCommand.class,
                PublishCommand.class,
                LexiconCommand.class,
                ConvertEntitiesCommand.class,
                PublishProfilesCommand.class,
                PublishCommodityProfilesCommand.class,
                PublishBaselineCommand.class,
                WaitProcessedCommand.class,
                SummaryCommand.class,
                TailAlertsCommand.class,
                TopologyCommand.class,
                ConfigCommand.class,
                CompletionCommand.class,
                StackCommand.class,
                WhatIfCommand.class,
                CommandLine.HelpCommand.class,
        },
        footer = {"",
                "Settings come from defaults, SUPPLYSHOCK_CONFIG_FILE, SUPPLYSHOCK_* environment variables and "
                        + "-Dsupplyshock.* system properties; run 'config' to see them. SUPPLYSHOCK_LOG_FORMAT=json "
                        + "logs one JSON object per line, SUPPLYSHOCK_LOG_LEVEL sets the level.",
                "Exit status: 0 done; 1 failure (file unreadable, Kafka or the registry unreachable); 2 bad usage.",
                "'supplyshock COMMAND --help' describes a command; 'completion' prints a bash completion script."})
public final class SupplyshockCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    private final Supplier<AppConfig> configSource;
    private final PrintStream out;
    private final PrintStream err;
    private AppConfig config;

    SupplyshockCommand(Supplier<AppConfig> configSource, PrintStream out, PrintStream err) {
        this.configSource = configSource;
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing COMMAND");
    }

    /** The settings, read once; a bad setting is a usage error (exit 2). */
    AppConfig config() {
        if (config == null) {
            try {
                config = configSource.get();
            } catch (IllegalArgumentException e) {
                throw new BadSettingsException(e.getMessage());
            }
        }
        return config;
    }

    PrintStream out() {
        return out;
    }

    PrintStream err() {
        return err;
    }

    /** A setting (environment, config file, system property) has a value the tools cannot use. */
    static final class BadSettingsException extends RuntimeException {
        BadSettingsException(String message) {
            super(message);
        }
    }

    /** The version written into the jar's manifest at build time. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = SupplyshockCommand.class.getPackage().getImplementationVersion();
            return new String[]{"supplyshock " + (version == null ? "(development build)" : version),
                    "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
