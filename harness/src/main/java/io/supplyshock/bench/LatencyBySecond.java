package io.supplyshock.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * A latency run's figures per second of event time. One p99 over ten seconds cannot tell a tail spread over every
 * second (the app short of CPU) from one stall that held a few hundred alerts back (a collection, a slow commit, a
 * neighbour's burst); the seconds can, and a stall can then be matched with the app's GC log or flight recording.
 */
final class LatencyBySecond {

    private final Map<Long, List<Long>> bySecond = new TreeMap<>();

    void add(long eventTimeMs, long latencyMs) {
        bySecond.computeIfAbsent(eventTimeMs / 1000, s -> new ArrayList<>()).add(latencyMs);
    }

    /** Each second in order: its p99 and its maximum, as {@code 212/340}; seconds with no alert are left out. */
    String summary() {
        StringJoiner line = new StringJoiner(" · ");
        for (List<Long> second : bySecond.values()) {
            second.sort(null);
            line.add(String.format(Locale.ROOT, "%d/%d", percentile(second, 0.99), second.getLast()));
        }
        return line.toString();
    }

    /** The nearest-rank quantile {@code q} of a sorted, non-empty list: the whole run's figures and each second's. */
    static long percentile(List<Long> sorted, double q) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
    }
}
