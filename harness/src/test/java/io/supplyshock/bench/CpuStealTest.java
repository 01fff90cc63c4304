package io.supplyshock.bench;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CpuStealTest {

    /** Two readings of a two-core machine's /proc/stat, 100 jiffies of each core apart. */
    private static final String BEFORE = """
            cpu  1000 10 300 5000 20 0 5 100 40 0
            cpu0 500 5 150 2500 10 0 3 50 20 0
            cpu1 500 5 150 2500 10 0 2 50 20 0
            intr 12345
            """;
    private static final String AFTER = """
            cpu  1120 10 320 5020 20 0 5 130 60 0
            cpu0 560 5 160 2510 10 0 3 65 30 0
            cpu1 560 5 160 2510 10 0 2 65 30 0
            """;

    @Test
    void theStolenShareIsStealOverAllTimeOfAllCpusWithGuestTimeCountedOnce() {
        CpuSteal.Counters before = CpuSteal.parse(BEFORE).orElseThrow();
        CpuSteal.Counters after = CpuSteal.parse(AFTER).orElseThrow();
        // user nice system idle iowait irq softirq steal: 6,435 then 6,625 jiffies; guest (40, then 60) is inside user.
        assertThat(before).isEqualTo(new CpuSteal.Counters(100, 5_020, 6_435));
        assertThat(after.shareSince(before)).isCloseTo(30.0 / 190, within(1e-12));
        assertThat(CpuSteal.phasePart(CpuSteal.shareBetween(Optional.of(before), Optional.of(after)))).isEqualTo(", steal 16%");
        // Of the 190 jiffies, 20 idle and 30 stolen: the machine's own processes ran 140.
        assertThat(after.busySince(before)).isCloseTo(140.0 / 190, within(1e-12));
        assertThat(CpuSteal.phasePart(CpuSteal.shareBetween(Optional.of(before), Optional.of(after)),
                CpuSteal.busyBetween(Optional.of(before), Optional.of(after)))).isEqualTo(", steal 16%, machine busy 74%");
        assertThat(CpuSteal.phasePart(0.16, -1)).isEqualTo(", steal 16%");
    }

    @Test
    void noTimePassedIsNoStealAndAMissingColumnOrFileSaysNothing() {
        CpuSteal.Counters c = CpuSteal.parse(BEFORE).orElseThrow();
        assertThat(c.shareSince(c)).isZero();
        assertThat(c.busySince(c)).isZero();
        assertThat(CpuSteal.parse("cpu  1000 10 300 5000 20 0 5\n")).as("a kernel without the steal column").isEmpty();
        assertThat(CpuSteal.parse("intr 1\n")).isEmpty();
        assertThat(CpuSteal.shareBetween(Optional.empty(), Optional.of(c))).isNegative();
        assertThat(CpuSteal.phasePart(-1)).isEmpty();
    }

    @Test
    void aRunIsFlaggedWhenAMeasuredPhaseLostMoreThanFivePercent() {
        Map<String, Double> quiet = new LinkedHashMap<>();
        quiet.put("baseline 2", 0.01);
        quiet.put("the pipeline phase", 0.049);
        assertThat(CpuSteal.verdict(quiet))
                .isEqualTo("up to 5% of the machine's CPU time taken by other guests (baseline 2 1%, the pipeline phase 5%)");
        Map<String, Double> busy = new LinkedHashMap<>(quiet);
        busy.put("the latency run at 1000 events/s", 0.238);
        assertThat(CpuSteal.verdict(busy)).startsWith("up to 24% of the machine's CPU time")
                .contains("the latency run at 1000 events/s 24%").endsWith("NOT comparable with a quiet run's");
    }

    @Test
    void thisMachinesCountersGrowWithTime() throws Exception {
        CpuSteal.Counters first = CpuSteal.now().orElseThrow(() -> new AssertionError("/proc/stat has no steal column here"));
        Thread.sleep(50);
        CpuSteal.Counters later = CpuSteal.now().orElseThrow();
        assertThat(later.total()).isGreaterThan(first.total());
        assertThat(later.shareSince(first)).isBetween(0.0, 1.0);
        assertThat(later.busySince(first)).isBetween(0.0, 1.0);
    }
}
