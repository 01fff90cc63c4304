package io.supplyshock.cli;

import io.supplyshock.profiles.ProfilePublisher;
import io.supplyshock.publish.PublishReport;
import io.supplyshock.publish.RejectsFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

@Command(name = "publish-baseline",
        description = {"Publishes the world-supply baseline (reference-data/: supply shares, demand and import "
                + "reliance, market size, aliases) to supply.commodity-profiles, one record per commodity, "
                + "stamped at its as-of date. The copy shipped in the jar is published unless --no-default; "
                + "rows of each FOLDER (holding world-supply-shares.csv, demand.csv and/or aliases.csv) "
                + "replace the shipped rows they repeat."},
        footer = "Exit status: 0 published; 1 a file unreadable or invalid, or Kafka/registry unreachable; 2 bad arguments.")
final class PublishBaselineCommand extends SubCommand {

    @Parameters(arity = "0..*", paramLabel = "FOLDER", description = "folders whose rows are laid over the shipped baseline")
    List<Path> folders = new ArrayList<>();

    @Option(names = "--no-default", description = "leave out the baseline shipped in the jar (needs a FOLDER)")
    boolean noDefault;

    @Option(names = "--dry-run", description = "read and report without connecting to Kafka")
    boolean dryRun;

    @Override
    public Integer call() {
        if (noDefault && folders.isEmpty()) {
            throw usageError("--no-default needs at least one FOLDER");
        }
        ProfilePublisher publisher = new ProfilePublisher(config(), new ProfilePublisher.Options(dryRun, null, RejectsFormat.JSONL), err());
        try {
            PublishReport report = publisher.publishBaseline(folders, !noDefault);
            out().println(report.summary().replace(" lines:", " commodity profiles:"));
            if (!report.completed()) {
                err().println("error: " + report.fatalError());
                return Cli.FAILURE;
            }
            return Cli.OK;
        } catch (IllegalArgumentException | IOException e) {
            err().println("error: " + e.getMessage());
            return Cli.FAILURE;
        }
    }
}
