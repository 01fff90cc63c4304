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
            long p99 = second.get(Math.min(second.size() - 1, (int) Math.ceil(0.99 * second.size()) - 1));
            line.add(String.format(Locale.ROOT, "%d/%d", p99, second.getLast()));
        }
        return line.toString();
    }
}
