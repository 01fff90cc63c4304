package io.supplyshock.harness;

import io.supplyshock.evaluation.AnalystLabels;
import io.supplyshock.evaluation.Evaluation;
import io.supplyshock.profiles.WorldBaselineFile;
import io.supplyshock.schema.CommoditySupplyProfile;
import io.supplyshock.cli.Cli;
import io.supplyshock.cli.PositiveInt;
import io.supplyshock.cli.SubCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

@Command(name = "evaluate",
        description = {"Replays EVENTS through the topology in-process, after the world-supply baseline (the one "
                + "shipped in the jar, with the rows of each --baseline folder laid over it), and scores the "
                + "alerts against LABELS (CSV: event_id,expect,min_band,max_band,direction,situation,storyline,reason; "
                + "files without the direction column are read too). See "
                + "docs/testing.md, \"Judgment: evaluation against analyst labels\"."},
        footer = "Exit status: 0 report printed; 1 a file could not be read; 2 bad arguments or invalid labels.")
final class EvaluateCommand extends SubCommand {

    @Parameters(index = "0", paramLabel = "EVENTS.jsonl", description = "the events to replay")
    Path events;

    @Parameters(index = "1", paramLabel = "LABELS.csv", description = "the analyst labels")
    Path labelsFile;

    @Option(names = "--baseline", paramLabel = "DIR", description = "a folder of baseline rows laid over the shipped baseline (repeatable)")
    List<Path> baselineFolders = new ArrayList<>();

    @Option(names = "--no-default-baseline", description = "leave out the baseline shipped in the jar")
    boolean noDefault;

    @Override
    public Integer call() {
        for (Path p : List.of(events, labelsFile)) {
            if (!Files.isReadable(p)) {
                throw usageError("cannot read " + p.toAbsolutePath());
            }
        }
        try {
            AnalystLabels labels = AnalystLabels.read(labelsFile);
            boolean withDefault = !noDefault;
            List<CommoditySupplyProfile> baseline = WorldBaselineFile.read(baselineFolders, withDefault);
            err().printf("baseline: %d commodity profiles%s%n", baseline.size(), withDefault
                    ? " (shipped baseline" + (baselineFolders.isEmpty() ? ")" : " + " + baselineFolders + ")")
                    : " from " + baselineFolders);
            Evaluation.Result result = Evaluation.run(events, labels, baseline, config());
            Evaluation.print(result, out());
            return Cli.OK;
        } catch (IllegalArgumentException e) {
            err().println("error: " + e.getMessage());
            return Cli.USAGE;
        } catch (IOException e) {
            err().println("error: " + e.getMessage());
            return Cli.FAILURE;
        }
    }
}
