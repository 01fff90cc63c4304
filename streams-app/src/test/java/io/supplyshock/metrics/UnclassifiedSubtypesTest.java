package io.supplyshock.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Producers' free-text subtypes label a counter, so the number of series has a cap. */
class UnclassifiedSubtypesTest {

    @Test
    void subtypesBeyondTheCapShareOneSeriesAndKnownOnesKeepCounting() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        PipelineMetrics metrics = new PipelineMetrics(registry);
        for (int i = 0; i < PipelineMetrics.UNCLASSIFIED_SUBTYPES_CAP + 5; i++) metrics.unclassified("wording_" + i);
        metrics.unclassified("wording_0");
        metrics.unclassified("wording_0");

        var series = registry.find(PipelineMetrics.POLICY_UNCLASSIFIED).counters();
        assertThat(series).hasSize(PipelineMetrics.UNCLASSIFIED_SUBTYPES_CAP + 1);
        assertThat(count(registry, "wording_0")).isEqualTo(3.0);
        assertThat(count(registry, PipelineMetrics.OTHER_SUBTYPES)).isEqualTo(5.0);
        assertThat(series.stream().mapToDouble(Counter::count).sum()).isEqualTo(PipelineMetrics.UNCLASSIFIED_SUBTYPES_CAP + 7.0);
    }

    private static double count(SimpleMeterRegistry registry, String subtype) {
        return registry.get(PipelineMetrics.POLICY_UNCLASSIFIED).tag("subtype", subtype).counter().count();
    }
}
