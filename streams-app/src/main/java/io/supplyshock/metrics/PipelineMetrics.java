package io.supplyshock.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.supplyshock.schema.Alert;
import io.supplyshock.schema.DeadLetterReason;

import java.time.Duration;
import java.time.Instant;

/**
 * The pipeline's own meters. Labels are low-cardinality enums only (reason, type, severity); never
 * an entity or event id, which would explode the series count in Prometheus.
 */
public final class PipelineMetrics {

    private final MeterRegistry registry;

    public PipelineMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void deadLettered(DeadLetterReason reason) {
        Counter.builder("supplyshock.dead.letters")
                .description("Input records sent to the dead-letter topic")
                .tag("reason", reason.name())
                .register(registry).increment();
    }

    /** A market fact too late for the signal windows; the commodity is not a label (unbounded), the count is what operators watch. */
    public void lateForSignals(String commodity) {
        Counter.builder("supplyshock.signals.late.records")
                .description("Market facts older than the signal grace period: kept in the state, not used for signals")
                .register(registry).increment();
    }

    public void alertEmitted(Alert alert) {
        Counter.builder("supplyshock.alerts")
                .description("Alerts emitted")
                .tag("type", alert.getAlertType().name())
                .tag("severity", alert.getSeverity().name())
                .register(registry).increment();
        // Event time to emit: for replayed history this is large by nature, so the histogram tells live from replay.
        Duration latency = Duration.between(alert.getEventTime(), Instant.now());
        Timer.builder("supplyshock.event.to.alert.latency")
                .description("Event time of the triggering fact to alert emission")
                .publishPercentileHistogram()
                .register(registry).record(latency.isNegative() ? Duration.ZERO : latency);
    }
}
