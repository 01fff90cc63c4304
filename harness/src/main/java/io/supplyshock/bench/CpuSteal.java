package io.supplyshock.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How much of this machine's CPU time the hypervisor gave to other guests ("steal" in {@code /proc/stat}) over a
 * phase. On a shared two-core machine the same build's figures moved by a factor of four within one hour while the
 * steal went from 1% to 31%: a phase's rate and latency mean little without it, so every phase says its share and
 * a run whose measured phases lost more than {@link #NOT_COMPARABLE_SHARE} says that its figures are not comparable.
 */
final class CpuSteal {

    /** Above this share the run's figures are flagged: quiet runs on this machine stay at 1-3%. */
    static final double NOT_COMPARABLE_SHARE = 0.05;

    private static final Path PROC_STAT = Path.of("/proc/stat");

    /** Cumulative jiffies of all CPUs: those stolen, those idle (waiting on I/O included), and all of them. */
    record Counters(long steal, long idle, long total) {

        /** The stolen share of the machine's CPU time since {@code earlier}; 0 when no time passed. */
        double shareSince(Counters earlier) {
            long elapsed = total - earlier.total;
            return elapsed <= 0 ? 0 : (double) (steal - earlier.steal) / elapsed;
        }

        /**
         * The share of the machine's CPU time since {@code earlier} that this machine's own processes ran (neither
         * idle nor stolen); 0 when no time passed. Near 100%, the phase's latency is queueing for a core.
         */
        double busySince(Counters earlier) {
            long elapsed = total - earlier.total;
            return elapsed <= 0 ? 0 : (double) (elapsed - (idle - earlier.idle) - (steal - earlier.steal)) / elapsed;
        }
    }

    private CpuSteal() {
    }

    /** The counters now, or empty where {@code /proc/stat} is missing or has no steal column (not Linux, old kernels). */
    static Optional<Counters> now() {
        try {
            return Files.isReadable(PROC_STAT) ? parse(Files.readString(PROC_STAT)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The all-CPU line of {@code /proc/stat}: {@code cpu user nice system idle iowait irq softirq steal guest
     * guest_nice}. Guest time is already counted in user and nice, so it is left out of the total.
     */
    static Optional<Counters> parse(String procStat) {
        for (String line : procStat.split("\n")) {
            if (!line.startsWith("cpu ")) continue;
            String[] f = line.trim().split("\\s+");
            if (f.length < 9) return Optional.empty();
            long total = 0;
            for (int i = 1; i <= 8; i++) total += Long.parseLong(f[i]);
            return Optional.of(new Counters(Long.parseLong(f[8]), Long.parseLong(f[4]) + Long.parseLong(f[5]), total));
        }
        return Optional.empty();
    }

    /** Whether a phase that lost {@code share} of the machine's CPU to other guests measured the host as much as the build. */
    static boolean notComparable(double share) {
        return share > NOT_COMPARABLE_SHARE;
    }

    /** The stolen share between two readings, or -1 when either is unknown. */
    static double shareBetween(Optional<Counters> start, Optional<Counters> end) {
        return start.isPresent() && end.isPresent() ? end.get().shareSince(start.get()) : -1;
    }

    /** The busy share between two readings ({@link Counters#busySince}), or -1 when either is unknown. */
    static double busyBetween(Optional<Counters> start, Optional<Counters> end) {
        return start.isPresent() && end.isPresent() ? end.get().busySince(start.get()) : -1;
    }

    /** ", steal 12%, machine busy 87%" for a phase's line; a part whose share is unknown (negative) is left out. */
    static String phasePart(double steal, double busy) {
        return phasePart(steal) + (busy < 0 ? "" : String.format(Locale.ROOT, ", machine busy %.0f%%", 100 * busy));
    }

    /** ", steal 12%" for a phase's line, or nothing when the share is unknown (negative). */
    static String phasePart(double share) {
        return share < 0 ? "" : String.format(Locale.ROOT, ", steal %.0f%%", 100 * share);
    }

    /**
     * The run's line on its measured phases' steal (share by phase): the worst and each, flagged when the worst is over
     * {@link #NOT_COMPARABLE_SHARE}, since a rate or latency of such a phase measures the host's load as much as the build.
     */
    static String verdict(Map<String, Double> shareByPhase) {
        double worst = shareByPhase.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        String phases = shareByPhase.entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %.0f%%", e.getKey(), 100 * e.getValue())).collect(Collectors.joining(", "));
        return String.format(Locale.ROOT, "up to %.0f%% of the machine's CPU time taken by other guests (%s)", 100 * worst, phases)
                + (notComparable(worst)
                ? String.format(Locale.ROOT, ": over %.0f%%, so this run's figures are NOT comparable with a quiet run's", 100 * NOT_COMPARABLE_SHARE)
                : "");
    }
}
