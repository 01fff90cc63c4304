package io.supplyshock.publish;

import io.supplyshock.events.Rejection;

import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a publish run did with every line of its file. Every line is exactly one of published,
 * rejected (with a reason) or blank: {@code published + rejected + blank == totalLines}.
 *
 * @param publishedByTopic lines published per topic (for a dry run: lines that would be)
 * @param undated          published lines that had no date and got the publish time as event time
 * @param warnings         anything else the user should know (e.g. which lines were undated)
 * @param fatalError       why sending stopped early (broker or registry unreachable); null when the
 *                         run went to the end. Lines not sent because of it are among the rejected.
 */
public record PublishReport(
        int totalLines,
        int blankLines,
        Map<String, Integer> publishedByTopic,
        List<Rejection> rejected,
        int undated,
        boolean dryRun,
        List<String> warnings,
        String fatalError) {

    public PublishReport {
        publishedByTopic = Collections.unmodifiableMap(new LinkedHashMap<>(publishedByTopic));
        rejected = rejected.stream().sorted(Comparator.comparingInt(Rejection::line)).toList();
        warnings = List.copyOf(warnings);
        int accounted = publishedByTopic.values().stream().mapToInt(Integer::intValue).sum() + rejected.size() + blankLines;
        if (accounted != totalLines) {
            throw new IllegalStateException("report does not account for every line: " + accounted + " of " + totalLines);
        }
    }

    /** True when every line was published, rejected with a reason, or blank, and nothing stopped the run. */
    public boolean completed() {
        return fatalError == null;
    }

    public int published() {
        return publishedByTopic.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** E.g. {@code 183 lines: 180 published (supply.policy-events 73, ...), 3 rejected, 0 blank}. */
    public String summary() {
        String topics = publishedByTopic.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
        StringBuilder out = new StringBuilder();
        if (dryRun) {
            out.append("[dry run, nothing sent] ");
        }
        out.append(totalLines).append(" lines: ").append(published()).append(" published");
        if (!topics.isEmpty()) {
            out.append(" (").append(topics).append(')');
        }
        out.append(", ").append(rejected.size()).append(" rejected, ").append(blankLines).append(" blank");
        if (undated > 0) {
            out.append("; warning: ").append(undated).append(" undated line").append(undated == 1 ? "" : "s")
                    .append(" given the publish time as event time");
        }
        if (fatalError != null) {
            out.append("; stopped early: ").append(fatalError);
        }
        return out.toString();
    }
}
