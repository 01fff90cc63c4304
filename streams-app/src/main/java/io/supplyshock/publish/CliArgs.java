package io.supplyshock.publish;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tools' small command-line grammar: positional arguments, {@code --flag}s and
 * {@code --option VALUE} (or {@code --option=VALUE}). Unknown options are errors, so a typo never
 * silently changes what gets published.
 */
public final class CliArgs {

    private final List<String> positionals;
    private final Set<String> flags;
    private final Map<String, String> values;

    private CliArgs(List<String> positionals, Set<String> flags, Map<String, String> values) {
        this.positionals = List.copyOf(positionals);
        this.flags = Set.copyOf(flags);
        this.values = Map.copyOf(values);
    }

    /**
     * @param knownFlags   options without a value, e.g. {@code --dry-run}
     * @param knownValued  options followed by a value, e.g. {@code --rejects}
     * @throws UsageException on an unknown option, a missing value or a repeated option
     */
    public static CliArgs parse(String[] args, Set<String> knownFlags, Set<String> knownValued) throws UsageException {
        List<String> positionals = new ArrayList<>();
        Set<String> flags = new HashSet<>();
        Map<String, String> values = new HashMap<>();
        boolean onlyPositionals = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (onlyPositionals || !arg.startsWith("--")) {
                positionals.add(arg);
                continue;
            }
            if (arg.equals("--")) {
                onlyPositionals = true;
                continue;
            }
            String name = arg;
            String inlineValue = null;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                name = arg.substring(0, eq);
                inlineValue = arg.substring(eq + 1);
            }
            if (knownFlags.contains(name) && inlineValue == null) {
                if (!flags.add(name)) {
                    throw new UsageException(name + " given twice");
                }
            } else if (knownValued.contains(name)) {
                String value = inlineValue;
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw new UsageException(name + " needs a value");
                    }
                    value = args[++i];
                }
                if (values.putIfAbsent(name, value) != null) {
                    throw new UsageException(name + " given twice");
                }
            } else {
                throw new UsageException("unknown option " + arg);
            }
        }
        return new CliArgs(positionals, flags, values);
    }

    public List<String> positionals() {
        return positionals;
    }

    public boolean flag(String name) {
        return flags.contains(name);
    }

    public String value(String name) {
        return values.get(name);
    }

    /** A positive integer option, or {@code defaultValue} when absent. */
    public int positiveInt(String name, int defaultValue) throws UsageException {
        String raw = values.get(name);
        if (raw == null) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(raw.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(name + " must be a positive integer, got '" + raw + "'");
    }

    /** True when the user asked for help; tools print their usage and exit 0. */
    public static boolean wantsHelp(String[] args) {
        for (String a : args) {
            if (a.equals("--help") || a.equals("-h")) {
                return true;
            }
        }
        return false;
    }

    /** A command's body: its exit status, or a usage error or failure for {@link #exitStatus} to report. */
    @FunctionalInterface
    public interface Command {
        int run() throws Exception;
    }

    /** Runs a command the tools' way: a usage error prints it with the usage (exit 2), any other failure one line (exit 1). */
    public static int exitStatus(String usage, java.io.PrintStream err, Command command) {
        try {
            return command.run();
        } catch (UsageException | NumberFormatException e) {
            err.println("error: " + e.getMessage());
            err.println(usage);
            return 2;
        } catch (Exception e) {
            err.println("error: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return 1;
        }
    }

    public static final class UsageException extends Exception {
        public UsageException(String message) {
            super(message);
        }
    }
}
