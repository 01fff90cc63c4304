package io.supplyshock.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.supplyshock.topics.PublisherReport;
import io.supplyshock.ingest.IngestObserver;
import io.supplyshock.schema.Alert;
import io.supplyshock.schema.AlertType;
import io.supplyshock.schema.DeadLetterReason;
import io.supplyshock.schema.Severity;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pipeline's own meters. Labels are low-cardinality only (topic, canonical type, reason,
 * alert type, severity, outcome); never an entity, commodity or event id, which would explode the
 * series count in Prometheus. Micrometer renders the dotted names below in Prometheus form:
 * {@code supplyshock.records.in} becomes {@code supplyshock_records_in_total}, the timer
 * {@code supplyshock_event_to_alert_latency_seconds_*}.
 */
public final class PipelineMetrics implements IngestObserver {

    public static final String RECORDS_IN = "supplyshock.records.in";
    public static final String POLICY_UNCLASSIFIED = "supplyshock.policy.unclassified";
    public static final String DEAD_LETTERS = "supplyshock.dead.letters";
    public static final String REKEYED = "supplyshock.records.rekeyed";
    public static final String ALERTS = "supplyshock.alerts";
    public static final String EVENT_TO_ALERT_LATENCY = "supplyshock.event.to.alert.latency";
    public static final String PUBLISHER_LINES = "supplyshock.publisher.lines";
    public static final String PUBLISHER_RUNS = "supplyshock.publisher.runs";

    /**
     * Live news reaches an alert within seconds; a replay of history lags by days to years. Fixed
     * buckets spanning both keep the two apart, where Micrometer's default range (up to 30 s) would
     * put every replayed alert into +Inf.
     */
    private static final Duration[] LATENCY_BUCKETS = {
            Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5),
            Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofHours(1),
            Duration.ofDays(1), Duration.ofDays(7), Duration.ofDays(30), Duration.ofDays(365), Duration.ofDays(3650)};

    private final MeterRegistry registry;

    public PipelineMetrics(MeterRegistry registry) {
        this.registry = registry;
        // A series that does not exist yet is not 0 to Prometheus: rates, sums and alert rules over
        // it stay empty. The closed label sets start at 0, so "no dead letters" is visible as such.
        for (DeadLetterReason reason : DeadLetterReason.values()) deadLetterCounter(reason);
        for (AlertType type : AlertType.values()) {
            for (Severity severity : Severity.values()) alertCounter(type, severity);
        }
        for (String outcome : new String[]{"accepted", "rejected", "blank"}) publisherLinesCounter(outcome);
        latencyTimer();
        lateForSignalsCounter();
    }

    public MeterRegistry registry() {
        return registry;
    }

    /**
     * Counters on the per-record path, by name and tags: registering looks a meter up by building its id, which cost
     * about 1% of the stream thread under load. Their tags are topics and enum names, so the map stays small.
     */
    private final Map<String, Counter> perRecordCounters = new ConcurrentHashMap<>();
    private volatile Timer latencyTimer;

    @Override
    public void recordIn(String topic, String type) {
        perRecordCounters.computeIfAbsent(RECORDS_IN + '|' + topic + '|' + type, k -> Counter.builder(RECORDS_IN)
                .description("Input records read, by topic and canonical type (policy instrument, market metric, disruption kind)")
                .tag("topic", topic)
                .tag("type", type)
                .register(registry)).increment();
    }

    /**
     * A subtype is a producer's free text, so it cannot be a label without a bound: the first
     * {@value #UNCLASSIFIED_SUBTYPES_CAP} distinct ones get their own series, later ones share
     * {@value #OTHER_SUBTYPES}. `supplyshock lexicon unmapped FILE` lists them all from the file.
     */
    static final int UNCLASSIFIED_SUBTYPES_CAP = 100;
    static final String OTHER_SUBTYPES = "(other subtypes)";
    @Override
    public void rekeyed(String topic) {
        Counter.builder(REKEYED)
                .description("Events that arrived keyed by something other than their commodity and crossed one repartition topic to its partition, by input topic")
                .tag("topic", topic)
                .register(registry).increment();
    }

    private final java.util.Set<String> unclassifiedSubtypes = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Override
    public void unclassified(String rawSubtype) {
        String subtype = rawSubtype == null || rawSubtype.isBlank() ? "(none)" : rawSubtype;
        if (!unclassifiedSubtypes.contains(subtype)) {
            subtype = unclassifiedSubtypes.size() < UNCLASSIFIED_SUBTYPES_CAP && unclassifiedSubtypes.add(subtype) ? subtype : OTHER_SUBTYPES;
        }
        Counter.builder(POLICY_UNCLASSIFIED)
                .description("Policy events whose wording the lexicon did not read (action OTHER), scored unclassified, by raw subtype (at most "
                        + UNCLASSIFIED_SUBTYPES_CAP + " subtypes, then " + OTHER_SUBTYPES + ")")
                .tag("subtype", subtype)
                .register(registry).increment();
    }

    /** A market fact too late for the signal windows; the commodity is not a label (unbounded), the count is what operators watch. */
    public void lateForSignals(String commodity) {
        lateForSignalsCounter().increment();
    }

    @Override
    public void deadLettered(DeadLetterReason reason) {
        deadLetterCounter(reason).increment();
    }

    public void alertEmitted(Alert alert) {
        alertCounter(alert.getAlertType(), alert.getSeverity()).increment();
        Duration latency = Duration.between(alert.getEventTime(), Instant.now());
        latencyTimer().record(latency.isNegative() ? Duration.ZERO : latency);
    }

    /** One publisher run's line counts, as reported on the publisher-reports topic. */
    public void publisherRun(PublisherReport report) {
        publisherLines("accepted", report.accepted());
        publisherLines("rejected", report.rejected());
        publisherLines("blank", report.blank());
        Counter.builder(PUBLISHER_RUNS)
                .description("Publisher runs reported")
                .tag("publisher", report.publisher())
                .register(registry).increment();
    }

    private void publisherLines(String outcome, long lines) {
        publisherLinesCounter(outcome).increment(lines);
    }

    private Counter lateForSignalsCounter() {
        return Counter.builder("supplyshock.signals.late.records")
                .description("Market facts older than the signal grace period: kept in the state, not used for signals")
                .register(registry);
    }

    private Counter deadLetterCounter(DeadLetterReason reason) {
        return Counter.builder(DEAD_LETTERS)
                .description("Input records sent to the dead-letter topic")
                .tag("reason", reason.name())
                .register(registry);
    }

    private Counter alertCounter(AlertType type, Severity severity) {
        return perRecordCounters.computeIfAbsent(ALERTS + '|' + type + '|' + severity, k -> Counter.builder(ALERTS)
                .description("Alerts emitted")
                .tag("type", type.name())
                .tag("severity", severity.name())
                .register(registry));
    }

    private Counter publisherLinesCounter(String outcome) {
        return Counter.builder(PUBLISHER_LINES)
                .description("Lines of input files handled by the publishers, by outcome")
                .tag("outcome", outcome)
                .register(registry);
    }

    private Timer latencyTimer() {
        Timer timer = latencyTimer;
        if (timer == null) {
            timer = Timer.builder(EVENT_TO_ALERT_LATENCY)
                    .description("Event time of the triggering fact to alert emission")
                    .serviceLevelObjectives(LATENCY_BUCKETS)
                    .register(registry);
            latencyTimer = timer;
        }
        return timer;
    }
}
