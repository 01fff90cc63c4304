package io.supplyshock.cli;

import io.supplyshock.StreamsApp;
import picocli.CommandLine.Command;


@Command(name = "run",
        description = "Runs the streams application (HTTP on http.host:http.port) until stopped (Ctrl-C or SIGTERM).")
final class RunCommand extends SubCommand {

    @Override
    public Integer call() throws Exception {
        StreamsApp.runUntilStopped(config());
        return Cli.OK;
    }
}
