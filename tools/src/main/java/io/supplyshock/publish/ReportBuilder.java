package io.supplyshock.publish;

import io.supplyshock.events.Rejection;

import io.supplyshock.topics.Topics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;

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
    private String sourceName;
    private IntFunction<String> rawLine = line -> null;

    public ReportBuilder totalLines(int lines) {
        this.totalLines = lines;
        return this;
    }

    /** Names the input in every rejection, and gives the text of its lines for the rejects report. */
    public ReportBuilder source(String name, IntFunction<String> lineText) {
        this.sourceName = name;
        this.rawLine = lineText;
        return this;
    }

    public void blank() {
        blankLines++;
    }

    public void rejected(Rejection rejection) {
        rejected.add(rejection);
    }

    public void rejected(int line, String id, String reason) {
        rejected.add(Rejection.of(line, id, reason));
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
        List<Rejection> located = rejected.stream().map(r -> r.in(sourceName, rawLine)).toList();
        return new PublishReport(totalLines, blankLines, publishedByTopic, located, undated, dryRun, warnings, fatalError);
    }
}
