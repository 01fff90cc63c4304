package io.supplyshock.harness;

import io.supplyshock.bench.Bench;
import io.supplyshock.bench.SyntheticLoad;
import io.supplyshock.cli.Cli;
import io.supplyshock.cli.PositiveInt;
import io.supplyshock.cli.SubCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

@Command(name = "bench",
        description = {"Benchmark harness on the configured cluster (scripts/bench.sh): the same synthetic load "
                + "through a raw copy, an Avro copy and the pipeline, then fixed-rate latency runs and a "
                + "profile load on one commodity.",
                "With --wide COMMODITIESxPROFILES (e.g. 1000x1000: a million exposure rows) it runs the wide profile load only.",
                "With --floor it runs the baselines only, on a first pass and warm, and the Avro copy inside Kafka Streams "
                        + "under the app's guarantee (baseline 3): what the framework costs before the app does any work."},
        footer = "Bounded: events and profiles at most 1,000,000, at most " + Bench.MAX_WARMUP_ROUNDS + " warm-up rounds, rates 1..50,000/s, at most 120 s a run.")
final class BenchCommand extends SubCommand {

    private static final Pattern WIDE = Pattern.compile("\\s*(\\d+)\\s*x\\s*(\\d+)\\s*");

    @Option(names = "--events", paramLabel = "N", converter = PositiveInt.class, defaultValue = "20000",
            description = "synthetic events (default: ${DEFAULT-VALUE})")
    int events;

    @Option(names = "--warmup-rounds", paramLabel = "N", converter = PositiveInt.class, defaultValue = "3",
            description = "batches of --events the app processes at least before the measured one (default: ${DEFAULT-VALUE})")
    int warmupRounds;

    @Option(names = "--warmup-settled-share", paramLabel = "SHARE", defaultValue = "0.2",
            description = "after --warmup-rounds, further batches (up to " + Bench.MAX_WARMUP_ROUNDS + " in all) while the app's JIT compilers took more "
                    + "than this share of its CPU in the last one; 1 runs --warmup-rounds only (default: ${DEFAULT-VALUE})")
    double settledCompilerShare;

    @Option(names = "--commodities", paramLabel = "N", converter = PositiveInt.class, defaultValue = "200",
            description = "commodities the events spread over (default: ${DEFAULT-VALUE})")
    int commodities;

    @Option(names = "--countries", paramLabel = "N", converter = PositiveInt.class, defaultValue = "40",
            description = "countries the events spread over (default: ${DEFAULT-VALUE})")
    int countries;

    @Option(names = "--policy-share", paramLabel = "F", defaultValue = "0.3", description = "share of policy events (default: ${DEFAULT-VALUE})")
    double policyShare;

    @Option(names = "--disruption-share", paramLabel = "F", defaultValue = "0.05",
            description = "share of disruption events (default: ${DEFAULT-VALUE}); the rest are market events")
    double disruptionShare;

    @Option(names = "--rates", paramLabel = "R1,R2", split = ",", defaultValue = "1000,5000",
            description = "fixed rates of the latency runs, events/s (default: ${DEFAULT-VALUE})")
    List<Integer> rates;

    @Option(names = "--seconds", paramLabel = "S", converter = PositiveInt.class, defaultValue = "10",
            description = "length of each latency run (default: ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--latency-mix", description = "latency runs send the load's mix (prices, and bans that alert in place of "
            + "its policies and disruptions) instead of alerting bans only, and measure the alerts among them")
    boolean latencyMix;

    @Option(names = "--profiles", paramLabel = "N", converter = PositiveInt.class, defaultValue = "100000",
            description = "exposure profiles on one commodity (default: ${DEFAULT-VALUE})")
    int profiles;

    @Option(names = "--wide", paramLabel = "COMMODITIESxPROFILES", description = "run the wide profile load instead, e.g. 1000x1000")
    String wide;

    @Option(names = "--floor", description = "run the baselines and the Kafka Streams copy only, without the app")
    boolean floor;

    @Option(names = "--app-heap", paramLabel = "SIZE", defaultValue = "1g", description = "-Xmx of the app's JVM (default: ${DEFAULT-VALUE})")
    String appHeap;

    @Option(names = "--app-jvm-option", paramLabel = "OPTION", description = "a further option of the app's JVM, repeatable: a garbage "
            + "collector to compare (-XX:+UseParallelGC), or a flight recording of the app (-XX:StartFlightRecording=filename=app.jfr)")
    List<String> appJvmOptions = new ArrayList<>();

    @Option(names = "--out", paramLabel = "FILE.md", description = "also write the results as Markdown to FILE.md")
    Path report;

    @Option(names = "--stack-dir", paramLabel = "DIR", description = "the local stack of the run (scripts/stack.sh): "
            + "also report its broker's and registry's CPU time and resident memory")
    Path stackDir;

    @Override
    public Integer call() throws Exception {
        if (events > 1_000_000 || profiles > 1_000_000 || seconds > 120 || warmupRounds > Bench.MAX_WARMUP_ROUNDS || rates.stream().anyMatch(r -> r < 1 || r > 50_000)) {
            throw usageError("load is bounded: events and profiles at most 1,000,000, at most " + Bench.MAX_WARMUP_ROUNDS + " warm-up rounds, rates 1..50,000/s, at most 120 s a run");
        }
        if (!(settledCompilerShare > 0 && settledCompilerShare <= 1)) throw usageError("--warmup-settled-share must be above 0 and at most 1, got " + settledCompilerShare);
        if (floor && wide != null) throw usageError("--floor and --wide are two different runs: give one");
        if (floor) {
            Bench.runFloor(config(), out(), new SyntheticLoad(commodities, countries, policyShare, disruptionShare, 42), events, stackDir, report);
        } else if (wide != null) {
            Matcher m = WIDE.matcher(wide);
            if (!m.matches()) throw usageError("--wide must be COMMODITIESxPROFILES, e.g. 1000x1000, got '" + wide + "'");
            int c = Integer.parseInt(m.group(1));
            int each = Integer.parseInt(m.group(2));
            if ((long) c * each > 1_000_000) throw usageError("--wide is bounded at 1,000,000 profiles");
            Bench.runWide(config(), out(), appHeap, appJvmOptions, c, each, stackDir, report);
        } else {
            Bench.runStandard(config(), out(), appHeap, appJvmOptions,
                    new SyntheticLoad(commodities, countries, policyShare, disruptionShare, 42), events, warmupRounds, settledCompilerShare, rates, seconds, latencyMix, profiles, stackDir, report);
        }
        return Cli.OK;
    }
}
