package io.supplyshock.tools;

import io.supplyshock.cli.Cli;
import io.supplyshock.topics.StoreNames;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static io.supplyshock.tools.TopologyDiagram.Level.PROCESSORS;
import static io.supplyshock.tools.TopologyDiagram.Level.STAGES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopologyDiagramTest {

    private static final TopologyDescription APP = TopologyDiagram.ofTheApp();

    @Test
    void theCommittedPicturesMatchTheCode() {
        Path root = TopologyBlocks.projectRoot(Path.of(""));
        for (Path file : TopologyBlocks.files(root)) {
            String committed = TopologyBlocks.read(file);
            assertThat(TopologyBlocks.filled(committed, APP))
                    .as("%s draws another topology than the code builds: run 'scripts/supplyshock.sh topology --write' and commit the result",
                            root.relativize(file))
                    .isEqualTo(committed);
        }
    }

    @Test
    void theStagePictureRunsFromTheInputTopicsThroughTheStagesToTheOutputTopics() {
        String stages = TopologyDiagram.mermaid(APP, STAGES);

        assertThat(stages.lines()).contains(
                "  topic_supply_policy_events --> stage_ingest",
                "  stage_ingest --> stage_state",
                "  stage_state --> stage_scoring",
                "  stage_state --> stage_signals",
                "  stage_scoring --> stage_exposure",
                // signals reach exposure through the signals-with-profiles repartition, which is not drawn as a topic
                "  stage_signals --> stage_exposure",
                "  stage_exposure --> stage_alerting",
                "  stage_alerting --> topic_supply_alerts",
                // storylines are counted from supply.alerts itself, after the alerts are written on their storyline's partition
                "  topic_supply_alerts --> stage_storylines",
                "  stage_storylines --> topic_supply_storylines",
                "  stage_ingest --> topic_supply_dead_letters",
                "  stage_state -.- store_commodity_state_parts",
                "  stage_state -.- store_commodity_state_history",
                "  stage_signals -.- store_commodity_state_parts",
                "  stage_signals -.- store_commodity_state_history");
        assertThat(stages).doesNotContain("repartition").contains("<b>scoring</b><br/>ShockScoringTopology<br/><i>recent-disruptions-store</i>");
        long nodes = stages.lines().filter(l -> l.matches(" {2}\\w+[\\[(].*")).count();
        assertThat(nodes).isEqualTo(21); // 11 topics, 8 stages, 2 shared stores (the deadlines read the state's parts and history)
    }

    @Test
    void theProcessorPictureDrawsEveryNodeAndStoreInItsSubTopology() {
        String processors = TopologyDiagram.mermaid(APP, PROCESSORS);

        for (TopologyDescription.Subtopology sub : APP.subtopologies()) {
            assertThat(processors).contains("subgraph sub_" + sub.id() + "[\"sub-topology " + sub.id() + "\"]");
            sub.nodes().forEach(node -> assertThat(processors).contains("\"" + node.name() + "\""));
        }
        assertThat(processors.lines()).contains(
                "  topic_supply_policy_events --> node_source_supply_policy_events",
                "  node_score_shocks -.- store_recent_disruptions_store",
                "  node_deadlines_by_situation_repartition_sink --> topic_deadlines_by_situation_repartition",
                "  topic_deadlines_by_situation_repartition --> node_deadlines_by_situation_repartition_source",
                "  node_sink_supply_alerts --> topic_supply_alerts",
                "  topic_supply_alerts --> node_source_supply_alerts",
                "  node_sink_supply_storylines --> topic_supply_storylines",
                // Rows go straight to their topic, and the queryable rows are that topic read back.
                "  node_rows_from_profiles_and_shocks --> node_sink_supply_exposures",
                "  node_read_back_supply_exposures -.- store_exposure_rows_store");
        assertThat(processors).contains("[(\"" + StoreNames.EXPOSURE_ROWS + "\")]");
    }

    @Test
    void aSmallTopologyIsDrawnExactlyWithItsNodesTopicsAndEdgesSorted() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("seen-store"), Serdes.String(), Serdes.String()));
        builder.stream("in.b", Consumed.with(Serdes.String(), Serdes.String()).withName("source-b"))
                .merge(builder.stream("in.a", Consumed.with(Serdes.String(), Serdes.String()).withName("source-a")), Named.as("merge"))
                // Only described, never run: the processor does nothing.
                .processValues(() -> new FixedKeyProcessor<String, String, String>() {
                    @Override
                    public void process(FixedKeyRecord<String, String> record) {
                    }
                }, Named.as("remember"), "seen-store")
                .to("out", Produced.<String, String>with(Serdes.String(), Serdes.String()).withName("sink-out"));

        assertThat(TopologyDiagram.mermaid(builder.build().describe(), PROCESSORS)).isEqualTo("""
                flowchart LR
                  subgraph sub_0["sub-topology 0"]
                    node_merge["merge"]
                    node_remember["remember"]
                    node_sink_out[\\"sink-out"\\]
                    node_source_a[/"source-a"/]
                    node_source_b[/"source-b"/]
                    store_seen_store[("seen-store")]
                  end
                  topic_in_a(["in.a"])
                  topic_in_b(["in.b"])
                  topic_out(["out"])
                  node_merge --> node_remember
                  node_remember --> node_sink_out
                  node_remember -.- store_seen_store
                  node_sink_out --> topic_out
                  node_source_a --> node_merge
                  node_source_b --> node_merge
                  topic_in_a --> node_source_a
                  topic_in_b --> node_source_b
                """);
    }

    @Test
    void aNodeOfNoKnownStageStopsTheStagePictureAndSaysWhichNode() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("supply.policy-events", Consumed.with(Serdes.String(), Serdes.String()).withName("source-supply.policy-events"))
                .mapValues(v -> v, Named.as("mystery-step"))
                .to("supply.alerts", Produced.<String, String>with(Serdes.String(), Serdes.String()).withName("sink-supply.alerts"));

        assertThatThrownBy(() -> TopologyDiagram.mermaid(builder.build().describe(), STAGES))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'mystery-step' belongs to no stage");
    }

    @Test
    void fillingRewritesOnlyBetweenTheMarkersAndRefusesAnUnfinishedBlock() {
        String document = """
                # Title
                <!-- topology:begin level=stages -->
                stale
                <!-- topology:end -->
                after
                """;

        String filled = TopologyBlocks.filled(document, APP);

        assertThat(filled).startsWith("# Title\n<!-- topology:begin level=stages -->\n```mermaid\nflowchart LR\n")
                .endsWith("```\n<!-- topology:end -->\nafter\n")
                .contains(TopologyDiagram.mermaid(APP, STAGES))
                .doesNotContain("stale");
        assertThat(TopologyBlocks.filled(filled, APP)).isEqualTo(filled);
        assertThatThrownBy(() -> TopologyBlocks.filled("<!-- topology:begin level=everything -->\n<!-- topology:end -->\n", APP))
                .hasMessageContaining("1 topology:begin markers but 0 complete blocks");
    }

    @Test
    void theCommandPrintsEitherLevelAndWritesTheFilesOfTheProjectItIsGiven(@TempDir Path project) throws IOException {
        assertThat(topology("--mermaid")).isEqualTo(TopologyDiagram.mermaid(APP, STAGES));
        assertThat(topology("--mermaid", "--level", "processors")).isEqualTo(TopologyDiagram.mermaid(APP, PROCESSORS));
        assertThat(topology()).isEqualTo(APP.toString());

        Files.createDirectories(project.resolve("docs"));
        Files.writeString(project.resolve("README.md"), "<!-- topology:begin level=stages -->\n<!-- topology:end -->\n");
        Files.writeString(project.resolve("docs/topology.md"), "<!-- topology:begin level=processors -->\n<!-- topology:end -->\n");
        assertThat(topology("--write", "--root", project.toString())).startsWith("rewrote [");
        assertThat(Files.readString(project.resolve("docs/topology.md"))).contains(TopologyDiagram.mermaid(APP, PROCESSORS));
        assertThat(topology("--write", "--root", project.toString())).isEqualTo("topology pictures are up to date\n");
    }

    @Test
    void anUnknownLevelIsBadUsage() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Cli.run("topology", new String[]{"--mermaid", "--level", "everything"}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(status).isEqualTo(Cli.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--level must be stages or processors, got 'everything'");
    }

    private static String topology(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = Cli.run("topology", args, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertThat(status).as("topology " + Arrays.toString(args)).isEqualTo(Cli.OK);
        return out.toString(StandardCharsets.UTF_8);
    }
}
