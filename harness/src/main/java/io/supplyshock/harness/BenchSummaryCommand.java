package io.supplyshock.harness;

import io.supplyshock.bench.KeyFigures;
import io.supplyshock.cli.Cli;
import io.supplyshock.cli.SubCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

@Command(name = "bench-summary",
        description = {"Puts the key figures of several bench runs side by side, each run's value and the median "
                + "(scripts/bench.sh --runs N calls it on its runs' results files)."})
final class BenchSummaryCommand extends SubCommand {

    @Parameters(paramLabel = "RESULTS.md", arity = "1..*", description = "results files written by bench --out, in the order the runs ran")
    List<Path> results;

    @Option(names = "--out", paramLabel = "FILE.md", description = "also write the summary to FILE.md")
    Path report;

    @Override
    public Integer call() throws Exception {
        for (Path file : results) {
            if (!Files.isRegularFile(file)) throw usageError("no results file " + file);
        }
        String summary;
        try {
            summary = KeyFigures.summary(results);
        } catch (IllegalArgumentException e) {
            throw usageError(e.getMessage());
        }
        out().print(summary);
        if (report != null) Files.writeString(report, summary);
        return Cli.OK;
    }
}
