package io.supplyshock.tools;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.supplyshock.SupplyShockTopology;
import io.supplyshock.alerting.AlertTopology;
import io.supplyshock.alerting.StorylineTopology;
import io.supplyshock.config.AppConfig;
import io.supplyshock.exposure.ExposureTopology;
import io.supplyshock.ingest.IngestTopology;
import io.supplyshock.metrics.MeteredTopology;
import io.supplyshock.metrics.PipelineMetrics;
import io.supplyshock.scoring.ShockScoringTopology;
import io.supplyshock.signals.SignalTopology;
import io.supplyshock.state.CommodityStateTopology;
import io.supplyshock.topics.PlainAvroSerdes;
import io.supplyshock.topics.StoreNames;
import io.supplyshock.topics.Topics;
import org.apache.kafka.streams.TopologyDescription;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Draws the topology as Mermaid flowcharts from {@link TopologyDescription}, at two levels: the stages with the
 * topics they read and write and the stores they keep (for the README), and every source, processor, sink and
 * store by sub-topology (for docs/topology.md). Everything is sorted, so the same code always gives the same text
 * and a committed picture can be compared with the code's.
 */
public final class TopologyDiagram {

    public enum Level { STAGES, PROCESSORS }

    private static final Set<String> PUBLIC_TOPICS = new Topics(new PlainAvroSerdes()).all().stream()
            .map(Topics.Topic::name).collect(Collectors.toUnmodifiableSet());
    private static final String INPUT_TOPICS = Stream.of(Topics.POLICY_EVENTS, Topics.MARKET_EVENTS, Topics.DISRUPTION_EVENTS,
            Topics.COMMODITY_PROFILES, Topics.EXPOSURE_PROFILES).map(Pattern::quote).collect(Collectors.joining("|"));

    /**
     * The stages in pipeline order, each with its builder and the names of the nodes that builder adds. A
     * description does not say which builder added a node, so the names say it; a node that matches no stage
     * stops the drawing, which makes the picture's test fail until the new node is placed here.
     */
    enum Stage {
        // Ingest names everything it does to an input after the input's topic.
        INGEST(IngestTopology.class, ".+-(" + INPUT_TOPICS + ")|merge-.+-facts|.+-rekeyed-by-commodity-repartition-(filter|sink|source)"),
        STATE(CommodityStateTopology.class, "commodity-state|publish-commodity-state|" + sink(Topics.COMMODITY_STATE)),
        SCORING(ShockScoringTopology.class, "score-shocks"),
        SIGNALS(SignalTopology.class, "detect-market-signals|schedule-deadlines|signals"),
        EXPOSURE(ExposureTopology.class, "exposure-profile-changes|profile-changes-with-valid-keys|key-profiles-commodity-first|profile-rows"
                + "|shock-fan-out|rows-from-profiles-and-shocks|(shocks|signals)-with-profiles|" + sink(Topics.EXPOSURES)
                + "|" + Pattern.quote("read-back-" + Topics.EXPOSURES) + "(-source)?"
                + "|" + repartition(StoreNames.PROFILES_BY_COMMODITY_REPARTITION)
                + "|" + repartition(StoreNames.SIGNALS_WITH_PROFILES)),
        ALERTING(AlertTopology.class, "shocks-and-signals|milestones|key-milestones-by-situation|situations-of-one-commodity"
                + "|situations-and-milestones|deduplicate-alerts|key-alerts-by-commodity|" + sink(Topics.ALERTS)
                + "|" + repartition(StoreNames.DEADLINES_BY_SITUATION)),
        STORYLINES(StorylineTopology.class, Pattern.quote("source-" + Topics.ALERTS) + "|alerts-in-storylines|count-storylines|" + sink(Topics.STORYLINES)),
        METRICS(MeteredTopology.class, ".+-" + Pattern.quote(Topics.PUBLISHER_REPORTS));

        final String builder;
        final Pattern nodes;

        Stage(Class<?> builder, String nodes) {
            this.builder = builder.getSimpleName();
            this.nodes = Pattern.compile(nodes);
        }

        String id() {
            return "stage_" + name().toLowerCase(Locale.ROOT);
        }

        private static String sink(String topic) {
            return Pattern.quote("sink-" + topic);
        }

        private static String repartition(String name) {
            return Pattern.quote(name) + "-repartition-(filter|sink|source)";
        }
    }

    private TopologyDiagram() {
    }

    /**
     * The app's topology with the default settings: the picture describes the code, not one deployment's settings
     * (none of which changes the shape of the topology).
     */
    public static TopologyDescription ofTheApp() {
        return SupplyShockTopology.buildTopology(AppConfig.of(Map.of()), new Topics(new PlainAvroSerdes()),
                new PipelineMetrics(new SimpleMeterRegistry())).describe();
    }

    public static String mermaid(TopologyDescription description, Level level) {
        if (!description.globalStores().isEmpty()) {
            throw new IllegalArgumentException("global stores are not drawn yet: " + description.globalStores());
        }
        return level == Level.STAGES ? stages(description) : processors(description);
    }

    static Stage stageOf(String node) {
        for (Stage stage : Stage.values()) {
            if (stage.nodes.matcher(node).matches()) return stage;
        }
        throw new IllegalStateException("node '" + node + "' belongs to no stage: add its name to TopologyDiagram.Stage");
    }

    private static String stages(TopologyDescription description) {
        Map<Stage, Set<String>> stores = new EnumMap<>(Stage.class);
        Map<String, Set<Stage>> readers = new TreeMap<>();
        Map<String, Set<Stage>> writers = new TreeMap<>();
        Set<String> edges = new TreeSet<>();
        for (TopologyDescription.Node node : nodes(description)) {
            Stage stage = stageOf(node.name());
            stores.computeIfAbsent(stage, s -> new TreeSet<>());
            switch (node) {
                case TopologyDescription.Source source -> source.topicSet().forEach(t -> readers.computeIfAbsent(t, k -> new TreeSet<>()).add(stage));
                case TopologyDescription.Sink sink -> writers.computeIfAbsent(topicOf(sink), k -> new TreeSet<>()).add(stage);
                case TopologyDescription.Processor processor -> stores.get(stage).addAll(processor.stores());
                default -> throw new IllegalArgumentException("unknown kind of node: " + node);
            }
            for (TopologyDescription.Node next : node.successors()) {
                Stage to = stageOf(next.name());
                if (to != stage) edges.add(edge(stage.id(), to.id()));
            }
        }
        Set<String> topics = new TreeSet<>();
        for (String topic : union(readers.keySet(), writers.keySet())) {
            Set<Stage> from = writers.getOrDefault(topic, Set.of());
            Set<Stage> to = readers.getOrDefault(topic, Set.of());
            // A topic the app both writes and reads is a repartition inside the app: it joins two stages, or is part of one.
            // A public topic stays drawn even when a later stage reads it back (supply.alerts, for the storylines).
            if (!from.isEmpty() && !to.isEmpty() && !PUBLIC_TOPICS.contains(topic)) {
                from.forEach(f -> to.stream().filter(t -> t != f).forEach(t -> edges.add(edge(f.id(), t.id()))));
                continue;
            }
            topics.add(topic);
            from.forEach(f -> edges.add(edge(f.id(), topicId(topic))));
            to.forEach(t -> edges.add(edge(topicId(topic), t.id())));
        }
        // A store one stage keeps is listed in that stage's box; a store that several stages use is drawn between them.
        Map<String, Set<Stage>> users = new TreeMap<>();
        stores.forEach((stage, used) -> used.forEach(store -> users.computeIfAbsent(store, k -> new TreeSet<>()).add(stage)));
        Set<String> shared = new TreeSet<>();
        users.forEach((store, stages) -> {
            if (stages.size() < 2) return;
            shared.add(store);
            stages.forEach(stage -> edges.add(stage.id() + " -.- " + storeId(store)));
        });
        requireDistinctIds(topics);
        requireDistinctIds(shared);
        List<String> lines = new ArrayList<>();
        lines.add("flowchart LR");
        topics.forEach(t -> lines.add("  " + topicId(t) + "([\"" + t + "\"])"));
        stores.forEach((stage, used) -> lines.add("  " + stage.id() + "[\"<b>" + stage.name().toLowerCase(Locale.ROOT) + "</b><br/>"
                + stage.builder + used.stream().filter(s -> !shared.contains(s)).map(s -> "<br/><i>" + s + "</i>").collect(Collectors.joining())
                + "\"]"));
        shared.forEach(s -> lines.add("  " + storeId(s) + "[(\"" + s + "\")]"));
        edges.forEach(e -> lines.add("  " + e));
        return String.join("\n", lines) + "\n";
    }

    private static String processors(TopologyDescription description) {
        List<String> lines = new ArrayList<>();
        lines.add("flowchart LR");
        Set<String> topics = new TreeSet<>();
        Set<String> allStores = new TreeSet<>();
        Set<String> edges = new TreeSet<>();
        List<TopologyDescription.Subtopology> subtopologies = description.subtopologies().stream()
                .sorted(Comparator.comparingInt(TopologyDescription.Subtopology::id)).toList();
        for (TopologyDescription.Subtopology sub : subtopologies) {
            lines.add("  subgraph sub_" + sub.id() + "[\"sub-topology " + sub.id() + "\"]");
            Set<String> stores = new TreeSet<>();
            for (TopologyDescription.Node node : sorted(sub.nodes())) {
                String id = nodeId(node.name());
                switch (node) {
                    case TopologyDescription.Source source -> {
                        lines.add("    " + id + "[/\"" + node.name() + "\"/]");
                        source.topicSet().forEach(t -> edges.add(edge(topicId(t), id)));
                        topics.addAll(source.topicSet());
                    }
                    case TopologyDescription.Sink sink -> {
                        lines.add("    " + id + "[\\\"" + node.name() + "\"\\]");
                        edges.add(edge(id, topicId(topicOf(sink))));
                        topics.add(topicOf(sink));
                    }
                    case TopologyDescription.Processor processor -> {
                        lines.add("    " + id + "[\"" + node.name() + "\"]");
                        processor.stores().forEach(s -> edges.add(id + " -.- " + storeId(s)));
                        stores.addAll(processor.stores());
                    }
                    default -> throw new IllegalArgumentException("unknown kind of node: " + node);
                }
                node.successors().forEach(next -> edges.add(edge(id, nodeId(next.name()))));
            }
            stores.forEach(s -> lines.add("    " + storeId(s) + "[(\"" + s + "\")]"));
            allStores.addAll(stores);
            lines.add("  end");
        }
        requireDistinctIds(topics);
        requireDistinctIds(allStores);
        requireDistinctIds(nodes(description).stream().map(TopologyDescription.Node::name).toList());
        topics.forEach(t -> lines.add("  " + topicId(t) + "([\"" + t + "\"])"));
        edges.forEach(e -> lines.add("  " + e));
        return String.join("\n", lines) + "\n";
    }

    private static List<TopologyDescription.Node> nodes(TopologyDescription description) {
        return sorted(description.subtopologies().stream().flatMap(s -> s.nodes().stream()).toList());
    }

    private static List<TopologyDescription.Node> sorted(java.util.Collection<TopologyDescription.Node> nodes) {
        return nodes.stream().sorted(Comparator.comparing(TopologyDescription.Node::name)).toList();
    }

    private static String topicOf(TopologyDescription.Sink sink) {
        if (sink.topic() == null) throw new IllegalArgumentException("sink " + sink.name() + " chooses its topic per record; it cannot be drawn");
        return sink.topic();
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    private static String edge(String from, String to) {
        return from + " --> " + to;
    }

    private static String topicId(String topic) {
        return "topic_" + safe(topic);
    }

    private static String storeId(String store) {
        return "store_" + safe(store);
    }

    private static String nodeId(String node) {
        return "node_" + safe(node);
    }

    /** Mermaid ids are letters, digits and underscores; the dots and dashes of Kafka names become underscores. */
    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9]", "_");
    }

    /** Two names that differ only in their dots, dashes and underscores would share an id and be drawn as one node. */
    private static void requireDistinctIds(java.util.Collection<String> names) {
        Map<String, String> byId = new TreeMap<>();
        for (String name : names) {
            String other = byId.putIfAbsent(safe(name), name);
            if (other != null && !other.equals(name)) throw new IllegalStateException("'" + name + "' and '" + other + "' would be one node");
        }
    }
}
