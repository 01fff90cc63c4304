package io.supplyshock.cli;

import io.supplyshock.tools.TopologyBlocks;
import io.supplyshock.tools.TopologyDiagram;
import org.apache.kafka.streams.TopologyDescription;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

@Command(name = "topology",
        description = {"Describes the topology the app runs (with the default settings): Kafka's own description, or a Mermaid "
                + "flowchart of the stages or of every processor, or writes the pictures into README.md and docs/topology.md "
                + "between their topology:begin and topology:end markers."})
final class TopologyCommand extends SubCommand {

    @Option(names = "--mermaid", description = "print a Mermaid flowchart instead of Kafka's description")
    boolean mermaid;

    @Option(names = "--level", paramLabel = "LEVEL", defaultValue = "stages",
            description = "with --mermaid: stages (topics, stages, stores) or processors (every node by sub-topology); default: ${DEFAULT-VALUE}")
    String level;

    @Option(names = "--write", description = "rewrite the pictures in README.md and docs/topology.md of the project this runs in")
    boolean write;

    @Option(names = "--root", paramLabel = "DIR",
            description = "with --write: the project root (default: the nearest directory above the working one with scripts/ and pom.xml)")
    Path root;

    @Override
    public Integer call() {
        TopologyDiagram.Level chosen = level();
        TopologyDescription description = TopologyDiagram.ofTheApp();
        if (write) {
            List<Path> changed = TopologyBlocks.write(root != null ? root : TopologyBlocks.projectRoot(Path.of("")), description);
            out().println(changed.isEmpty() ? "topology pictures are up to date" : "rewrote " + changed);
        } else if (mermaid) {
            out().print(TopologyDiagram.mermaid(description, chosen));
        } else {
            out().print(description);
        }
        return Cli.OK;
    }

    private TopologyDiagram.Level level() {
        try {
            return TopologyDiagram.Level.valueOf(level.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw usageError("--level must be stages or processors, got '" + level + "'");
        }
    }
}
