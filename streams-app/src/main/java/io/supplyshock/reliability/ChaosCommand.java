package io.supplyshock.reliability;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.supplyshock.config.AppConfig;
import io.supplyshock.publish.CliArgs;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The jar's {@code chaos} command, driven by {@code scripts/chaos.sh}: one phase per call, because the
 * script resets the stack between the clean reference run and the disturbed run of the same input.
 */
public final class ChaosCommand {

    private static final String USAGE = """
            usage: chaos --phase reference|disturbed --snapshot FILE [--events N] [--seed S]
                         [--kills K] [--wipe-state] [--broker-restart] [--registry-outage-seconds S] [--failover] [--stack-script PATH]
              reference: publish the input, run the app to the end undisturbed, write what it committed to FILE
              disturbed: publish the same input, run the app with the disturbances, compare with FILE
              (exit 0 when the outputs are identical, 3 when they differ)""";

    private ChaosCommand() {
    }

    public static int runCli(String[] args, AppConfig config, PrintStream out, PrintStream err) {
        if (CliArgs.wantsHelp(args)) {
            out.println(USAGE);
            return 0;
        }
        return CliArgs.exitStatus(USAGE, err, () -> {
            CliArgs cli = CliArgs.parse(args, Set.of("--wipe-state", "--broker-restart", "--failover"),
                    Set.of("--phase", "--snapshot", "--events", "--seed", "--kills", "--registry-outage-seconds", "--stack-script"));
            String phase = cli.value("--phase");
            if (phase == null || !Set.of("reference", "disturbed").contains(phase)) throw new CliArgs.UsageException("--phase must be reference or disturbed");
            if (cli.value("--snapshot") == null) throw new CliArgs.UsageException("--snapshot FILE is required");
            Path snapshotFile = Path.of(cli.value("--snapshot"));
            int events = cli.positiveInt("--events", 20_000);
            int kills = cli.value("--kills") == null ? 3 : Integer.parseInt(cli.value("--kills"));
            int outage = cli.value("--registry-outage-seconds") == null ? 0 : Integer.parseInt(cli.value("--registry-outage-seconds"));
            long seed = cli.value("--seed") == null ? 7 : Long.parseLong(cli.value("--seed"));
            if (events > 200_000 || kills < 0 || kills > 20 || outage < 0 || outage > 300) {
                throw new CliArgs.UsageException("bounded: at most 200,000 events, 20 kills, a 300 s registry outage");
            }
            Path jar = Path.of(ChaosCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path work = Files.createDirectories(snapshotFile.toAbsolutePath().getParent().resolve("chaos-" + phase));
            ChaosRun run = new ChaosRun(config, jar, work, out, scriptControl(cli.value("--stack-script")));

            out.printf("%s run: publishing %,d events (seed %d)%n", phase, events, seed);
            run.publish(events, seed);
            ChaosRun.Disturbances disturbances = phase.equals("reference") ? ChaosRun.Disturbances.none()
                    : new ChaosRun.Disturbances(kills, cli.flag("--wipe-state"), cli.flag("--broker-restart"), Duration.ofSeconds(outage), cli.flag("--failover"));
            ChaosRun.Report report = run.run(events, disturbances, seed);
            out.println(phase + " run: " + report.summary());
            OutputSnapshot snapshot = OutputSnapshot.read(run.config());
            ObjectMapper json = new ObjectMapper();
            if (phase.equals("reference")) {
                json.writeValue(snapshotFile.toFile(), snapshot);
                out.printf("reference: %,d alerts, %,d exposure rows, %,d commodity states written to %s%n",
                        snapshot.alerts().size(), snapshot.exposures().size(), snapshot.states().size(), snapshotFile);
                return 0;
            }
            OutputSnapshot reference = json.readValue(snapshotFile.toFile(), OutputSnapshot.class);
            OutputSnapshot.Comparison comparison = reference.compare(snapshot);
            out.println("comparison with the reference: " + comparison.summary());
            return comparison.identical() ? 0 : 3;
        });
    }

    /** Stops and starts components through scripts/stack.sh, with the environment chaos.sh set up. */
    private static ChaosRun.StackControl scriptControl(String script) {
        return new ChaosRun.StackControl() {
            @Override
            public void stop(String component) throws Exception {
                run("stop", component);
            }

            @Override
            public void start() throws Exception {
                run("start");
            }

            private void run(String... command) throws Exception {
                if (script == null) throw new IllegalStateException("--stack-script is needed to stop and start the stack");
                String[] cmd = new String[command.length + 2];
                cmd[0] = "bash";
                cmd[1] = script;
                System.arraycopy(command, 0, cmd, 2, command.length);
                Process p = new ProcessBuilder(cmd).inheritIO().start();
                if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException(String.join(" ", cmd) + " failed");
            }
        };
    }
}
