package io.supplyshock.evaluation;

import io.supplyshock.config.AppConfig;
import io.supplyshock.profiles.WorldBaselineFile;
import io.supplyshock.schema.CommoditySupplyProfile;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code evaluate EVENTS.jsonl LABELS.csv}: the evaluation as a command of the jar. */
public final class EvaluateCommand {

    static final String USAGE = """
            usage: evaluate EVENTS.jsonl LABELS.csv [--baseline DIR]... [--no-default-baseline]
              replays EVENTS through the topology in-process, after the world-supply baseline (the one shipped
              in the jar, with the rows of each --baseline folder laid over it), and scores the alerts
              against LABELS (CSV: event_id,expect,min_band,max_band,situation,reason)""";

    private EvaluateCommand() {
    }

    public static int run(String[] args, AppConfig config, PrintStream out, PrintStream err) {
        List<String> positional = new java.util.ArrayList<>();
        List<Path> baselineFolders = new java.util.ArrayList<>();
        boolean withDefault = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--baseline" -> {
                    if (i + 1 >= args.length) {
                        err.println("error: --baseline needs a folder\n" + USAGE);
                        return 2;
                    }
                    baselineFolders.add(Path.of(args[++i]));
                }
                case "--no-default-baseline" -> withDefault = false;
                default -> {
                    if (args[i].startsWith("--")) {
                        err.println("error: unknown option " + args[i] + "\n" + USAGE);
                        return 2;
                    }
                    positional.add(args[i]);
                }
            }
        }
        if (positional.size() != 2) {
            err.println(USAGE);
            return 2;
        }
        Path events = Path.of(positional.get(0));
        Path labelsFile = Path.of(positional.get(1));
        for (Path p : List.of(events, labelsFile)) {
            if (!Files.isReadable(p)) {
                err.println("error: cannot read " + p.toAbsolutePath());
                return 2;
            }
        }
        try {
            AnalystLabels labels = AnalystLabels.read(labelsFile);
            List<CommoditySupplyProfile> baseline = WorldBaselineFile.read(baselineFolders, withDefault);
            err.printf("baseline: %d commodity profiles%s%n", baseline.size(), withDefault ? " (shipped baseline" + (baselineFolders.isEmpty() ? ")" : " + " + baselineFolders + ")") : " from " + baselineFolders);
            Evaluation.Result result = Evaluation.run(events, labels, baseline, config);
            Evaluation.print(result, out);
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 2;
        } catch (java.io.IOException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }
}
