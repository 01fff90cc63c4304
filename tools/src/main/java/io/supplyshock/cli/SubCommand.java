package io.supplyshock.cli;

import io.supplyshock.config.AppConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.util.concurrent.Callable;

/** A command under {@code supplyshock}: {@code --help} and {@code --version}, the settings and the output streams. */
@Command(mixinStandardHelpOptions = true, footerHeading = "%n")
public abstract class SubCommand implements Callable<Integer> {

    @ParentCommand
    SupplyshockCommand root;

    @Spec
    CommandSpec spec;

    protected AppConfig config() {
        return root.config();
    }

    protected PrintStream out() {
        return root.out();
    }

    protected PrintStream err() {
        return root.err();
    }

    /** Bad arguments found after parsing: reported with the command's usage, exit 2. */
    protected CommandLine.ParameterException usageError(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
