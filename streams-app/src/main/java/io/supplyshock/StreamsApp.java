package io.supplyshock;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.supplyshock.alerting.AlertCommitPacer;
import io.supplyshock.config.AppConfig;
import io.supplyshock.console.AlertFeed;
import io.supplyshock.console.ConsoleApi;
import io.supplyshock.health.DeadLetterSink;
import io.supplyshock.health.DeadLetteringProcessingHandler;
import io.supplyshock.health.DeadLetteringProductionHandler;
import io.supplyshock.schema.DeadLetterReason;
import io.supplyshock.health.StallWatchdog;
import io.supplyshock.health.StreamHealth;
import io.supplyshock.metrics.PipelineMetrics;
import io.supplyshock.metrics.StateGauges;
import io.supplyshock.query.HttpApi;
import io.supplyshock.query.StateQueries;
import io.supplyshock.events.UndatedPolicy;
import io.supplyshock.whatif.WhatIf;
import org.apache.kafka.streams.state.HostInfo;
import io.supplyshock.topics.RegistryAvroSerdes;
import io.supplyshock.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/** The running application: Kafka Streams, its metrics and its HTTP endpoints, started and stopped together. */
public final class StreamsApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsApp.class);

    private final AppConfig config;
    private final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final KafkaStreams streams;
    private final KafkaStreamsMetrics streamsMetrics;
    private final HttpApi http;
    private final StreamHealth health;
    private final AlertFeed alertFeed;
    private StallWatchdog stallWatchdog;

    public StreamsApp(AppConfig config) throws IOException {
        this.config = config;
        new JvmMemoryMetrics().bindTo(prometheus);
        new JvmGcMetrics().bindTo(prometheus);
        new JvmThreadMetrics().bindTo(prometheus);
        new ClassLoaderMetrics().bindTo(prometheus);
        new ProcessorMetrics().bindTo(prometheus);
        Topics topics = new Topics(new RegistryAvroSerdes(config));
        PipelineMetrics pipelineMetrics = new PipelineMetrics(prometheus);
        Topology topology = SupplyShockTopology.buildTopology(config, topics, pipelineMetrics);
        LOG.debug("topology:\n{}", topology.describe());
        Properties props = streamsProperties(config);
        props.put(DeadLetterSink.SERIALIZER_CONFIG, topics.deadLetters().valueSerde().serializer());
        props.put(DeadLetterSink.COUNTER_CONFIG, (java.util.function.Consumer<DeadLetterReason>) pipelineMetrics::deadLettered);
        streams = new KafkaStreams(topology, props);
        if (props.get(AlertCommitPacer.CONFIG_KEY) instanceof AlertCommitPacer pacer) {
            FunctionCounter.builder("supplyshock.alert.early.commits", pacer, AlertCommitPacer::earlyCommits)
                    .description("Commits asked for right after an alert, ahead of commit.interval.ms, while the app kept up (alert.commit.early.ms)").register(prometheus);
        }
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(prometheus);
        StateGauges.bind(streams, prometheus);
        streams.setStateListener((now, before) -> LOG.info("streams state {} -> {}", before, now));
        health = new StreamHealth(config.getInt(AppConfig.HEALTH_FAILURES_MAX),
                Duration.ofSeconds(config.getInt(AppConfig.HEALTH_FAILURES_WINDOW_SECONDS)));
        Counter failures = Counter.builder("supplyshock.stream.thread.failures")
                .description("Stream threads that died and were replaced").register(prometheus);
        Gauge.builder("supplyshock.stream.stalled.threads", health, h -> h.stalls().size())
                .description("Stream threads whose committed offsets have not moved for health.stall.seconds while they have lag").register(prometheus);
        Gauge.builder("supplyshock.stream.stall.seconds", health, h -> h.stalls().stream().mapToLong(s -> s.stalledFor().toSeconds()).max().orElse(0))
                .description("How long the longest-stalled stream thread has not committed (0: none stalled)").register(prometheus);
        Gauge.builder("supplyshock.healthy", health, h -> h.unhealthy(Instant.now()).isPresent() ? 0 : 1)
                .description("1 while /health answers 200, 0 when repeated stream-thread failures or a stalled thread make it 503").register(prometheus);
        streams.setUncaughtExceptionHandler(e -> {
            health.failed(Instant.now(), e);
            failures.increment();
            // One line per failure: a thread failing in a loop must not flood the log with stack traces.
            LOG.error("stream thread failed ({} so far), replacing it: {}", health.total(), StreamHealth.describe(e));
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        http = new HttpApi(config.get(AppConfig.HTTP_HOST), config.getInt(AppConfig.HTTP_PORT), HttpApi.Security.from(config), new StateQueries(streams, new HostInfo(config.get(AppConfig.HTTP_HOST), config.getInt(AppConfig.HTTP_PORT))), health, prometheus,
                new WhatIf(WhatIf.Settings.from(config, SupplyShockTopology.minSeverity(config))), UndatedPolicy.from(config));
        alertFeed = new AlertFeed(config.getInt(AppConfig.CONSOLE_FEED_MAX_ALERTS), CONSOLE_MAX_STORYLINES);
        ConsoleApi.register(http, alertFeed, config.getInt(AppConfig.ALERT_AFFECTED_TOP_N));
    }

    /** Storylines the console keeps, least recently used dropped first. */
    private static final int CONSOLE_MAX_STORYLINES = 10_000;

    public static Properties streamsProperties(AppConfig config) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.get(AppConfig.APPLICATION_ID));
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.get(AppConfig.BOOTSTRAP_SERVERS));
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.get(AppConfig.PROCESSING_GUARANTEE));
        props.put(StreamsConfig.STATE_DIR_CONFIG, config.get(AppConfig.STATE_DIR));
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.getInt(AppConfig.NUM_STREAM_THREADS));
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.getInt(AppConfig.COMMIT_INTERVAL_MS));
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, config.getInt(AppConfig.NUM_STANDBY_REPLICAS));
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, (long) config.getInt(AppConfig.MAX_TASK_IDLE_MS));
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, config.getInt(AppConfig.TOPIC_REPLICATION));
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, config.get(AppConfig.HTTP_HOST) + ":" + config.getInt(AppConfig.HTTP_PORT));
        // A record that trips a bug in a processor is dead-lettered rather than stopping every commodity's processing;
        // a registry out of reach fails the thread instead, so the record is read again rather than set aside.
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetteringProcessingHandler.class);
        // A record too large to produce is dead-lettered rather than failing the thread on it again and again.
        props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetteringProductionHandler.class);
        props.putAll(config.kafkaOverrides());
        // The topology is built with its optimization (the rows store's changelog is supply.exposures); another value
        // here would describe a topology the app does not run.
        Object optimization = props.put(StreamsConfig.TOPOLOGY_OPTIMIZATION_CONFIG, SupplyShockTopology.OPTIMIZATION);
        if (optimization != null && !SupplyShockTopology.OPTIMIZATION.equals(optimization)) {
            LOG.warn("ignoring kafka.{}={}: the topology is built with {}", StreamsConfig.TOPOLOGY_OPTIMIZATION_CONFIG, optimization,
                    SupplyShockTopology.OPTIMIZATION);
        }
        int earlyCommitMs = config.getInt(AppConfig.ALERT_COMMIT_EARLY_MS);
        // Off (the default): no pacer, and no interceptor on the main consumer's polls.
        if (earlyCommitMs <= 0) return props;
        AlertCommitPacer pacer = new AlertCommitPacer(earlyCommitMs);
        props.put(AlertCommitPacer.CONFIG_KEY, pacer);
        props.put(StreamsConfig.mainConsumerPrefix(AlertCommitPacer.CONFIG_KEY), pacer);
        // Beside any interceptor the deployment configured, not instead of it.
        String interceptors = StreamsConfig.mainConsumerPrefix(ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG);
        Object configured = props.get(interceptors);
        String observer = AlertCommitPacer.PollObserver.class.getName();
        props.put(interceptors, configured == null || configured.toString().isBlank() ? observer : configured + "," + observer);
        return props;
    }

    public StreamsApp start() {
        http.start();
        streams.start();
        // Its own serdes: the feed's thread does not share deserializers with the stream threads.
        alertFeed.start(config.clientConfig(), new Topics(new RegistryAvroSerdes(config)));
        stallWatchdog = new StallWatchdog(streams, config.clientConfig(), config.get(AppConfig.APPLICATION_ID),
                Duration.ofSeconds(config.getInt(AppConfig.HEALTH_STALL_SECONDS)), health);
        LOG.info("supplyshock started: application.id={} bootstrap={} registry={} guarantee={} http=http://{}:{}",
                config.get(AppConfig.APPLICATION_ID), config.get(AppConfig.BOOTSTRAP_SERVERS),
                io.supplyshock.config.Secrets.mask(AppConfig.REGISTRY_URL.key(), config.get(AppConfig.REGISTRY_URL)),
                config.get(AppConfig.PROCESSING_GUARANTEE), config.get(AppConfig.HTTP_HOST), http.port());
        return this;
    }

    public KafkaStreams streams() {
        return streams;
    }

    public int httpPort() {
        return http.port();
    }

    @Override
    public void close() {
        http.close();
        alertFeed.close();
        if (stallWatchdog != null) stallWatchdog.close();
        streams.close(Duration.ofSeconds(30));
        streamsMetrics.close();
        prometheus.close();
    }

    /** Runs until the JVM is told to stop (SIGTERM / Ctrl-C). */
    public static void runUntilStopped(AppConfig config) throws Exception {
        StreamsApp app = new StreamsApp(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("shutting down");
            app.close();
            stopped.countDown();
        }, "shutdown"));
        app.start();
        stopped.await();
    }
}
