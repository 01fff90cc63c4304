package io.supplyshock.evaluation;

import io.supplyshock.config.AppConfig;
import io.supplyshock.schema.CommoditySupplyProfile;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code evaluate EVENTS.jsonl LABELS.csv}: the evaluation as a command of the jar. */
public final class EvaluateCommand {

    static final String USAGE = "usage: evaluate EVENTS.jsonl LABELS.csv";

    private EvaluateCommand() {
    }

    public static int run(String[] args, AppConfig config, PrintStream out, PrintStream err) {
        if (args.length != 2) {
            err.println(USAGE);
            return 2;
        }
        Path events = Path.of(args[0]);
        Path labelsFile = Path.of(args[1]);
        for (Path p : List.of(events, labelsFile)) {
            if (!Files.isReadable(p)) {
                err.println("error: cannot read " + p.toAbsolutePath());
                return 2;
            }
        }
        try {
            AnalystLabels labels = AnalystLabels.read(labelsFile);
            List<CommoditySupplyProfile> baseline = List.of();
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
