package io.supplyshock.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.supplyshock.reliability.ChaosRun;
import io.supplyshock.reliability.OutputSnapshot;
import io.supplyshock.cli.Cli;
import io.supplyshock.cli.PositiveInt;
import io.supplyshock.cli.SubCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** One phase per call, because scripts/chaos.sh resets the stack between the reference run and the disturbed run. */
@Command(name = "chaos",
        description = {"Crash and outage comparison (scripts/chaos.sh).",
                "reference: publish the input, run the app to the end undisturbed, write what it committed to FILE",
                "disturbed: publish the same input, run the app with the disturbances, compare with FILE"},
        footer = {"Exit status: 0 done (disturbed: the outputs are identical); 1 failure; 2 bad arguments; 3 "
                + "the disturbed run's outputs differ from the reference. Bounded: at most 200,000 events, 20"
                + " kills, a 300 s registry outage."})
final class ChaosCommand extends SubCommand {

    /** The disturbed run committed something other than the reference run. */
    static final int OUTPUTS_DIFFER = 3;

    enum Phase { reference, disturbed }

    @Option(names = "--phase", required = true, paramLabel = "reference|disturbed", description = "which run this is")
    Phase phase;

    @Option(names = "--snapshot", required = true, paramLabel = "FILE", description = "the reference run's committed outputs (written, then compared with)")
    Path snapshotFile;

    @Option(names = "--events", paramLabel = "N", converter = PositiveInt.class, defaultValue = "20000", description = "events to publish (default: ${DEFAULT-VALUE})")
    int events;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "7", description = "seed of the synthetic input (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--kills", paramLabel = "K", defaultValue = "3", description = "SIGKILLs of the app during the disturbed run (default: ${DEFAULT-VALUE})")
    int kills;

    @Option(names = "--wipe-state", description = "wipe the app's local state once")
    boolean wipeState;

    @Option(names = "--broker-restart", description = "restart the broker once")
    boolean brokerRestart;

    @Option(names = "--registry-outage-seconds", paramLabel = "S", defaultValue = "0", description = "stop the registry for S seconds (default: ${DEFAULT-VALUE})")
    int outage;

    @Option(names = "--failover", description = "run a second instance and kill the active one")
    boolean failover;

    @Option(names = "--stack-script", paramLabel = "PATH", description = "script that stops and starts stack components (scripts/stack.sh)")
    String stackScript;

    @Override
    public Integer call() throws Exception {
        if (events > 200_000 || kills < 0 || kills > 20 || outage < 0 || outage > 300) {
            throw usageError("bounded: at most 200,000 events, 20 kills, a 300 s registry outage");
        }
        PrintStream out = out();
        Path jar = Path.of(ChaosCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path work = Files.createDirectories(snapshotFile.toAbsolutePath().getParent().resolve("chaos-" + phase));
        ChaosRun run = new ChaosRun(config(), jar, work, out, ChaosRun.scriptControl(stackScript));

        out.printf("%s run: publishing %,d events (seed %d)%n", phase, events, seed);
        run.publish(events, seed);
        ChaosRun.Disturbances disturbances = phase == Phase.reference ? ChaosRun.Disturbances.none()
                : new ChaosRun.Disturbances(kills, wipeState, brokerRestart, Duration.ofSeconds(outage), failover);
        ChaosRun.Report report = run.run(events, disturbances, seed);
        out.println(phase + " run: " + report.summary());
        OutputSnapshot snapshot = OutputSnapshot.read(run.config());
        ObjectMapper json = new ObjectMapper();
        if (phase == Phase.reference) {
            json.writeValue(snapshotFile.toFile(), snapshot);
            out.printf("reference: %,d alerts, %,d exposure rows, %,d commodity states written to %s%n",
                    snapshot.alerts().size(), snapshot.exposures().size(), snapshot.states().size(), snapshotFile);
            return Cli.OK;
        }
        OutputSnapshot reference = json.readValue(snapshotFile.toFile(), OutputSnapshot.class);
        OutputSnapshot.Comparison comparison = reference.compare(snapshot);
        out.println("comparison with the reference: " + comparison.summary());
        return comparison.identical() ? Cli.OK : OUTPUTS_DIFFER;
    }
}
