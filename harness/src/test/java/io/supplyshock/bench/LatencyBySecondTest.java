package io.supplyshock.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LatencyBySecondTest {

    @Test
    void eachSecondOfEventTimeShowsItsOwnTailSoThatOneStallStandsOut() {
        LatencyBySecond seconds = new LatencyBySecond();
        for (int i = 0; i < 100; i++) {
            seconds.add(5_000 + i * 10L, 100 + i);        // a steady second: 100-199 ms
            seconds.add(7_000 + i * 10L, i < 90 ? 120 : 900 + i); // a second whose last tenth waited behind a stall
        }
        seconds.add(6_500, 150);                         // a second with one alert

        assertThat(seconds.summary()).isEqualTo("198/199 · 150/150 · 998/999");
    }

    @Test
    void thePercentileIsTheNearestRankOfTheSortedList() {
        java.util.List<Long> hundred = java.util.stream.LongStream.rangeClosed(1, 100).boxed().toList();
        assertThat(LatencyBySecond.percentile(hundred, 0.5)).isEqualTo(50);
        assertThat(LatencyBySecond.percentile(hundred, 0.99)).isEqualTo(99);
        assertThat(LatencyBySecond.percentile(java.util.List.of(7L), 0.99)).isEqualTo(7);
        assertThat(LatencyBySecond.percentile(java.util.List.of(1L, 2L, 3L), 0.5)).isEqualTo(2);
    }
}
