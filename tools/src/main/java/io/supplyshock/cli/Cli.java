package io.supplyshock.cli;

import io.supplyshock.config.AppConfig;
import io.supplyshock.topics.RegistryErrors;
import picocli.CommandLine;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Builds and runs the {@code supplyshock} command line. Exit status, for every command: 0 done,
 * 1 a failure (file unreadable, Kafka or the registry unreachable), 2 bad usage (unknown option,
 * missing argument, invalid value or setting); a command may add its own (chaos: 3 when outputs differ).
 */
public final class Cli {

    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;

    private Cli() {
    }

    /**
     * The command line with its handlers; the settings are read on first use, so {@code --help} needs none.
     * {@code extraCommands} (the harness's) are added first, because picocli hands the streams and handlers
     * only to the subcommands present when they are set.
     */
    public static CommandLine commandLine(Supplier<AppConfig> config, PrintStream out, PrintStream err, Object... extraCommands) {
        CommandLine cli = new CommandLine(new SupplyshockCommand(config, out, err));
        for (Object command : extraCommands) cli.addSubcommand(command);
        cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cli.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? USAGE : FAILURE);
        cli.setParameterExceptionHandler(Cli::badUsage);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> failed(e, commandLine));
        return cli;
    }

    /** Parses and runs {@code args} (a command and its arguments); returns the exit status. */
    public static int execute(String[] args, Supplier<AppConfig> config, PrintStream out, PrintStream err) {
        return commandLine(config, out, err).execute(args);
    }

    /** Runs one command with the given settings, as {@code supplyshock COMMAND ARGS...} would. */
    public static int run(String command, String[] args, AppConfig config, PrintStream out, PrintStream err) {
        String[] all = new String[args.length + 1];
        all[0] = command;
        System.arraycopy(args, 0, all, 1, args.length);
        return execute(all, () -> config, out, err);
    }

    /** Same as {@link #run(String, String[], AppConfig, PrintStream, PrintStream)} for commands that read no settings. */
    public static int run(String command, String[] args, PrintStream out, PrintStream err) {
        return run(command, args, AppConfig.of(java.util.Map.of()), out, err);
    }

    private static int badUsage(CommandLine.ParameterException e, String[] args) {
        CommandLine failing = e.getCommandLine();
        PrintWriter err = failing.getErr();
        err.println("error: " + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        failing.usage(err);
        return USAGE;
    }

    private static int failed(Exception e, CommandLine commandLine) {
        PrintWriter err = commandLine.getErr();
        if (e instanceof SupplyshockCommand.BadSettingsException) {
            err.println("error: " + e.getMessage());
            return USAGE;
        }
        // The registry client's exceptions carry no message of their own (a bare "ProblemDetails: null"): say what
        // the registry answered instead.
        String registry = RegistryErrors.describe(e);
        err.println("error: " + e.getClass().getSimpleName() + ": " + (registry != null ? registry : e.getMessage()));
        // An unexpected failure is a bug to report: the trace on request, not by default.
        if (System.getenv("SUPPLYSHOCK_STACKTRACE") != null) e.printStackTrace(err);
        else err.println("(set SUPPLYSHOCK_STACKTRACE=1 to see where it failed)");
        return FAILURE;
    }
}
