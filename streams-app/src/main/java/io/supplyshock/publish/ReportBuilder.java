package io.supplyshock.publish;

import io.supplyshock.topics.Topics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Accumulates the fate of every line of one run into a {@link PublishReport}. */
public final class ReportBuilder {

    private int totalLines;
    private int blankLines;
    private int undated;
    private String fatalError;
    /** Topics in the order readers expect them in a summary: events first, the most important first. */
    private static final List<String> TOPIC_ORDER = List.of(Topics.POLICY_EVENTS, Topics.MARKET_EVENTS,
            Topics.DISRUPTION_EVENTS, Topics.COMMODITY_PROFILES, Topics.EXPOSURE_PROFILES);

    private final Map<String, Integer> publishedByTopic = new TreeMap<>(Comparator
            .comparingInt((String t) -> TOPIC_ORDER.contains(t) ? TOPIC_ORDER.indexOf(t) : TOPIC_ORDER.size())
            .thenComparing(Comparator.naturalOrder()));
    private final List<Rejection> rejected = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    public ReportBuilder totalLines(int lines) {
        this.totalLines = lines;
        return this;
    }

    public void blank() {
        blankLines++;
    }

    public void rejected(Rejection rejection) {
        rejected.add(rejection);
    }

    public void rejected(int line, String id, String reason) {
        rejected.add(new Rejection(line, id, reason));
    }

    public void published(String topic, int lines) {
        publishedByTopic.merge(topic, lines, Integer::sum);
    }

    public void undated(int lines) {
        undated += lines;
    }

    public void warning(String warning) {
        warnings.add(warning);
    }

    public void fatalError(String error) {
        this.fatalError = error;
    }

    public PublishReport build(boolean dryRun) {
        return new PublishReport(totalLines, blankLines, publishedByTopic, rejected, undated, dryRun, warnings, fatalError);
    }
}
