package io.supplyshock.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;


@Command(name = "completion",
        description = {"Prints a bash completion script for the supplyshock command and its subcommands.",
                "Load it in the current shell with: source <(scripts/supplyshock.sh completion)"})
final class CompletionCommand extends SubCommand {

    @Override
    public Integer call() {
        out().print(AutoComplete.bash("supplyshock", spec.root().commandLine()));
        // The generated script completes 'supplyshock' and 'supplyshock.sh'; the README calls the script by its path.
        out().println("complete -F _complete_supplyshock -o default scripts/supplyshock.sh ./scripts/supplyshock.sh");
        out().flush();
        return Cli.OK;
    }
}
