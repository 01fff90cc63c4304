package io.supplyshock.config;

import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.supplyshock.topics.SchemaCachingDatumProvider;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Every setting of the application, with its default and documentation, in one list.
 *
 * <p>Precedence, lowest first: the defaults below, an optional properties file, environment
 * variables ({@code SUPPLYSHOCK_} + the key upper-cased with dots and dashes as underscores), then
 * JVM system properties. Keys starting with {@code kafka.} (environment: {@code SUPPLYSHOCK_KAFKA_CONFIG_*}) are passed, without the prefix, to the
 * Kafka Streams and client configs, so any Kafka setting (security, timeouts) can be supplied
 * without a code change.
 */
public final class AppConfig {

    public record Setting(String key, String defaultValue, String doc) {
        public String envName() {
            return "SUPPLYSHOCK_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
        }
    }

    public static final Setting BOOTSTRAP_SERVERS = new Setting("bootstrap.servers", "127.0.0.1:9092",
            "Kafka bootstrap servers.");
    public static final Setting REGISTRY_URL = new Setting("registry.url", "http://127.0.0.1:8081/apis/registry/v3",
            "Apicurio Registry v3 API base URL used by the Avro serdes.");
    public static final Setting REGISTRY_CONNECT_TIMEOUT_MS = new Setting("registry.connect.timeout.ms", "5000",
            "How long a registry client waits for a TCP connection to the registry.");
    public static final Setting REGISTRY_REQUEST_TIMEOUT_MS = new Setting("registry.request.timeout.ms", "10000",
            "Deadline for one registry call, headers and body: a registry that accepts the connection and never answers ends the call after this long.");
    public static final Setting REGISTRY_ATTEMPTS = new Setting("registry.attempts", "3",
            "Tries of one registry call that timed out or was refused, with doubling backoff from 200 ms. The app then keeps waiting for the registry (it never dead-letters a record for it); the publisher and tools fail with the registry's URL and the call.");
    public static final Setting APPLICATION_ID = new Setting("application.id", "supplyshock",
            "Kafka Streams application id (consumer group and internal topic prefix).");
    public static final Setting PROCESSING_GUARANTEE = new Setting("processing.guarantee", "exactly_once_v2",
            "Kafka Streams processing guarantee: exactly_once_v2 or at_least_once.");
    public static final Setting STATE_DIR = new Setting("state.dir", ".stack/app-state",
            "Directory for the local state stores (RocksDB).");
    public static final Setting NUM_STREAM_THREADS = new Setting("num.stream.threads", "2",
            "Stream threads per instance; each takes whole tasks (one per input partition and stage), so more threads than partitions idle. "
                    + "On two cores, with the app warm, 2 against 1: p99 at 1,000 events/s 263 against 360 ms (medians of four alternating runs each; 249 ms over six of 2), "
                    + "the same throughput (about 5,100 events/s), 0.17 more records written per event, since each thread commits its own transactions (docs/benchmarks.md).");
    public static final Setting NUM_STANDBY_REPLICAS = new Setting("num.standby.replicas", "0",
            "Warm copies of each task's stores kept on other instances: a failed instance's tasks resume on a standby without restoring from the changelogs, and its keys are still answered (from the standby, marked as such) until they move. 1 for a fleet of two or more instances; useless with one.");
    public static final Setting COMMIT_INTERVAL_MS = new Setting("commit.interval.ms", "100",
            "How often offsets and transactions commit; with exactly-once an output is visible only after its commit, so this bounds output latency. "
                    + "On two cores, with the app warm, 100 ms against 200 ms: p99 at 1,000 events/s 302 against 348 ms (medians of six runs), no loss of throughput, "
                    + "0.1 more records written per event; 50 ms fell behind at 1,000 events/s in one run of two on a cold app (docs/benchmarks.md).");
    public static final Setting ALERT_COMMIT_EARLY_MS = new Setting("alert.commit.early.ms", "0",
            "After an alert, commit at once instead of at the next commit.interval.ms, at most once per this many milliseconds, while the app keeps up "
                    + "(its last poll returned under a quarter of max.poll.records); a thread that is behind commits on the interval only. 0 (the default) turns it off. "
                    + "On two cores 50 ms halved the median event-to-alert time at 1,000 events/s (p50 about 90 against 180 ms) but lengthened the tail "
                    + "(p99 about 580 against 350 ms), since the extra transactions take CPU the events need (docs/benchmarks.md).");
    public static final Setting MAX_TASK_IDLE_MS = new Setting("max.task.idle.ms", "0",
            "How long a task waits for an input partition that has no data yet before processing the others out of event-time order. 0 (Kafka's default) waits only for data already on the broker, so a replay is merged in event time but live news is taken as it comes; a policy that arrives after the price spike it explains re-links the spike either way. A wait of 100 ms also orders news sent a moment apart, but it delays records after every partition that runs dry, at each hop: on the bench it raised p99 latency at 1,000 events/s from 627 ms to 4,083 ms (docs/benchmarks.md).");
    public static final Setting HTTP_HOST = new Setting("http.host", "127.0.0.1",
            "Interface the HTTP endpoints bind to.");
    public static final Setting HTTP_PORT = new Setting("http.port", "8080",
            "Port of the HTTP endpoints (/health, /api/..., /metrics).");
    public static final Setting HTTP_AUTH_TOKEN = new Setting("http.auth.token", "",
            "When set, /api/... and /metrics require 'Authorization: Bearer <token>' (Prometheus: authorization.credentials); /health stays open for probes. Instances forward queries to each other with it, so all share one token.");
    public static final Setting HTTP_TLS_KEYSTORE = new Setting("http.tls.keystore", "",
            "PKCS12 key store with the HTTP endpoints' certificate: when set, they serve HTTPS only. Its certificate must name the http.host (an IP SAN for an address).");
    public static final Setting HTTP_TLS_KEYSTORE_PASSWORD = new Setting("http.tls.keystore.password", "",
            "Password of http.tls.keystore.");
    public static final Setting HTTP_TLS_TRUSTSTORE = new Setting("http.tls.truststore", "",
            "PKCS12 trust store for queries forwarded to other instances over HTTPS; empty: http.tls.keystore itself (one certificate shared by the fleet).");
    public static final Setting HTTP_TLS_TRUSTSTORE_PASSWORD = new Setting("http.tls.truststore.password", "",
            "Password of http.tls.truststore; empty: http.tls.keystore.password.");
    public static final Setting TOPIC_PARTITIONS = new Setting("topic.partitions", "3",
            "Partitions for topics created by the create-topics command. All inputs must share one count (joins are co-partitioned).");
    public static final Setting TOPIC_REPLICATION = new Setting("topic.replication.factor", "1",
            "Replication factor for topics created by the create-topics command.");
    public static final Setting TOPIC_RETENTION_MS = new Setting("topic.retention.ms", "-1",
            "retention.ms of the non-compacted topics created by create-topics. Events carry their historical event time as record timestamp, so time-based retention would delete a replay of 2025 news at once; -1 keeps them.");
    public static final Setting HISTORY_RETENTION_DAYS = new Setting("state.history.retention.days", "3650",
            "How far back the commodity-state history answers 'state as of T' (from each commodity's newest fact); older events are scored against an empty state.");
    public static final Setting STATE_PUBLISH_INTERVAL_MS = new Setting("state.publish.interval.ms", "1000",
            "How often the newest state of each commodity that changed is written to supply.commodity-state (once per interval, however many facts it took). Shorter is fresher and writes more.");
    public static final Setting REGISTRY_COMPATIBILITY = new Setting("registry.compatibility", "BACKWARD",
            "Global compatibility rule create-topics sets on the registry (BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FULL, FULL_TRANSITIVE or NONE): a new schema version that breaks it is refused when a producer registers it.");
    public static final Setting ALERT_MIN_SEVERITY = new Setting("alert.min.severity", "LOW",
            "Lowest severity that opens an alert for a new situation; later developments of an alerted situation (escalations, reliefs) always come through.");
    public static final Setting ALERT_AFFECTED_TOP_N = new Setting("alert.affected.top.n", "10",
            "Most exposed entities an alert names; the alert also carries the count, and GET /api/exposed/{commodity} lists them all.");
    public static final Setting CONSOLE_FEED_MAX_ALERTS = new Setting("console.feed.max.alerts", "10000",
            "Newest alerts the console's feed keeps in memory (each instance reads supply.alerts whole); older ones drop out of the console, not off the topic.");
    public static final Setting HEALTH_FAILURES_MAX = new Setting("health.failures.max", "3",
            "Stream-thread failures within health.failures.window.seconds that turn /health to 503 (a replaced thread can fail again on the same record)");
    public static final Setting HEALTH_FAILURES_WINDOW_SECONDS = new Setting("health.failures.window.seconds", "300",
            "Window over which stream-thread failures are counted for /health");
    public static final Setting HEALTH_STALL_SECONDS = new Setting("health.stall.seconds", "120",
            "A stream thread whose committed offsets have not moved for this long while its partitions have lag is stalled: /health answers 503 naming the thread, partitions and lag until it moves again");
    public static final Setting UNDATED_POLICY = new Setting("publish.undated", "publish-time",
            "Publisher: event time for lines with no date at all: 'publish-time' or 'reject'.");
    public static final Setting LEXICON_FILE = new Setting("publish.lexicon.file", "",
            "Publisher: a policy lexicon file (word_or_phrase,role,value,direction,note) laid over the shipped one; empty for the shipped lexicon only.");

    public static final Setting PRICE_SPIKE_PCT = new Setting("signals.price.spike.pct", "50",
            "A price move of at least this many percent within the spike window is a PRICE_SPIKE");
    public static final Setting PRICE_SPIKE_WINDOW_DAYS = new Setting("signals.price.spike.window.days", "365",
            "Longest window, in days, a price move may span and still count as a spike");
    public static final Setting PRICE_SPIKE_LINK_DAYS = new Setting("signals.price.spike.link.days", "90",
            "A spike links to a tightening policy on the same commodity dated within its window or this many days before it");
    public static final Setting INVENTORY_ACCELERATION = new Setting("signals.inventory.acceleration", "2.0",
            "INVENTORY_DRAWDOWN when the recent draw rate is at least this multiple of the average rate");
    public static final Setting DIVERGENCE_PRICE_PCT = new Setting("signals.divergence.price.pct", "20",
            "PRICE_FLOW_DIVERGENCE when the price rises at least this many percent while holdings fall over the same window");
    public static final Setting STOCKPILE_SHARE_PCT = new Setting("signals.stockpile.share.pct", "25",
            "STOCKPILE_SQUEEZE when a government purchase is at least this share of annual consumption");
    // The one definition of the cap. Scoring applies it, and the deadlines score measures with it; the key's "signals."
    // prefix is older than that split and stays, so that existing configurations keep their value.
    public static final Setting CONCENTRATION_CAP_PCT = new Setting("signals.concentration.cap.pct", "65",
            "A shock whose issuer holds more than this share of world supply at any stage says so in its explanation (the input concentration, factor 1: the share already weighs in the score, so concentration counts once); 65 is the EU Critical Raw Materials Act's benchmark, at most 65% of a strategic raw material from one third country");
    public static final Setting DEADLINE_LEAD_DAYS = new Setting("signals.deadline.lead.days", "30,7,1",
            "Countdown alerts this many days before a measure takes effect, lapses or a window closes");
    public static final Setting COUNTDOWN_MIN_SEVERITY = new Setting("signals.countdown.min.severity", "MEDIUM",
            "Measures scored below this band get no countdowns before their date, only the alert on the day itself");
    public static final Setting SIGNAL_GRACE_DAYS = new Setting("signals.grace.days", "30",
            "Market facts older than the commodity's newest event time minus this many days are too late to raise signals");
    public static final Setting SIGNAL_CLOCK = new Setting("signals.clock", "auto",
            "What drives deadlines: event-time (replay), wall-clock (live), or auto (event time while records flow, wall clock once idle)");
    public static final Setting SIGNAL_CLOCK_IDLE_MS = new Setting("signals.clock.idle.ms", "30000",
            "auto clock: milliseconds without records after which the wall clock drives deadlines");
    public static final Setting SIGNAL_CLOCK_OFFSET_DAYS = new Setting("signals.clock.offset.days", "0",
            "Days added to the wall clock that drives deadlines: a staging copy can rehearse what will fire on a later date, and tests do not depend on today's date. 0 in production");
    public static final Setting SIGNAL_PUNCTUATE_MS = new Setting("signals.punctuate.interval.ms", "5000",
            "How often, in wall-clock milliseconds, due deadlines are checked");

    public static final List<Setting> SETTINGS = List.of(BOOTSTRAP_SERVERS, REGISTRY_URL, REGISTRY_CONNECT_TIMEOUT_MS, REGISTRY_REQUEST_TIMEOUT_MS, REGISTRY_ATTEMPTS, APPLICATION_ID,
            PROCESSING_GUARANTEE, STATE_DIR, NUM_STREAM_THREADS, NUM_STANDBY_REPLICAS, COMMIT_INTERVAL_MS, ALERT_COMMIT_EARLY_MS, MAX_TASK_IDLE_MS, HTTP_HOST, HTTP_PORT,
            HTTP_AUTH_TOKEN, HTTP_TLS_KEYSTORE, HTTP_TLS_KEYSTORE_PASSWORD, HTTP_TLS_TRUSTSTORE, HTTP_TLS_TRUSTSTORE_PASSWORD,
            TOPIC_PARTITIONS, TOPIC_REPLICATION, TOPIC_RETENTION_MS, HISTORY_RETENTION_DAYS, STATE_PUBLISH_INTERVAL_MS, REGISTRY_COMPATIBILITY, ALERT_MIN_SEVERITY, ALERT_AFFECTED_TOP_N, CONSOLE_FEED_MAX_ALERTS, HEALTH_FAILURES_MAX, HEALTH_FAILURES_WINDOW_SECONDS, HEALTH_STALL_SECONDS, UNDATED_POLICY, LEXICON_FILE,
            PRICE_SPIKE_PCT, PRICE_SPIKE_WINDOW_DAYS, PRICE_SPIKE_LINK_DAYS, INVENTORY_ACCELERATION, DIVERGENCE_PRICE_PCT,
            STOCKPILE_SHARE_PCT, CONCENTRATION_CAP_PCT, DEADLINE_LEAD_DAYS, COUNTDOWN_MIN_SEVERITY, SIGNAL_GRACE_DAYS, SIGNAL_CLOCK,
            SIGNAL_CLOCK_IDLE_MS, SIGNAL_CLOCK_OFFSET_DAYS, SIGNAL_PUNCTUATE_MS);

    private static final String KAFKA_PREFIX = "kafka.";
    /** SUPPLYSHOCK_KAFKA_CONFIG_SECURITY_PROTOCOL=SSL becomes kafka.security.protocol=SSL. */
    public static final String KAFKA_ENV_PREFIX = "SUPPLYSHOCK_KAFKA_CONFIG_";

    private final Map<String, String> values;

    private AppConfig(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /** Defaults, then the file (if any), then the environment, then system properties. */
    public static AppConfig load(Path propertiesFile, Map<String, String> env, Properties systemProperties) {
        Map<String, String> merged = new LinkedHashMap<>();
        SETTINGS.forEach(s -> merged.put(s.key(), s.defaultValue()));
        if (propertiesFile != null) {
            Properties file = new Properties();
            try (Reader reader = Files.newBufferedReader(propertiesFile)) {
                file.load(reader);
            } catch (IOException e) {
                throw new IllegalArgumentException("Cannot read config file " + propertiesFile + ": " + e.getMessage(), e);
            }
            file.stringPropertyNames().forEach(k -> merged.put(k, file.getProperty(k)));
        }
        for (Setting s : SETTINGS) {
            String fromEnv = env.get(s.envName());
            if (fromEnv != null && !fromEnv.isBlank()) {
                merged.put(s.key(), fromEnv);
            }
        }
        env.forEach((k, v) -> {
            if (k.startsWith(KAFKA_ENV_PREFIX)) {
                merged.put(KAFKA_PREFIX + k.substring(KAFKA_ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), v);
            }
        });
        systemProperties.stringPropertyNames().stream()
                .filter(k -> k.startsWith("supplyshock."))
                .forEach(k -> merged.put(k.substring("supplyshock.".length()), systemProperties.getProperty(k)));
        return new AppConfig(merged);
    }

    public static AppConfig fromEnvironment() {
        String file = System.getenv("SUPPLYSHOCK_CONFIG_FILE");
        return load(file == null || file.isBlank() ? null : Path.of(file), System.getenv(), System.getProperties());
    }

    public static AppConfig of(Map<String, String> overrides) {
        Map<String, String> merged = new LinkedHashMap<>();
        SETTINGS.forEach(s -> merged.put(s.key(), s.defaultValue()));
        merged.putAll(overrides);
        return new AppConfig(merged);
    }

    public AppConfig with(String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(values);
        copy.put(key, value);
        return new AppConfig(copy);
    }

    public String get(Setting setting) {
        return values.get(setting.key());
    }

    public int getInt(Setting setting) {
        String raw = get(setting);
        try {
            return Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(setting.key() + " (" + setting.envName() + ") must be an integer, got '" + raw + "'");
        }
    }

    public double getDouble(Setting setting) {
        String raw = get(setting);
        try {
            return Double.parseDouble(raw.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(setting.key() + " (" + setting.envName() + ") must be a number, got '" + raw + "'");
        }
    }

    /** The environment variable that sets a Kafka client setting: session.timeout.ms -> SUPPLYSHOCK_KAFKA_CONFIG_SESSION_TIMEOUT_MS. */
    public static String kafkaEnvName(String kafkaKey) {
        return KAFKA_ENV_PREFIX + kafkaKey.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** These settings as the environment variables that would set them, Kafka client settings included: for a child process. */
    public Map<String, String> environment() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Setting s : SETTINGS) out.put(s.envName(), get(s));
        kafkaOverrides().forEach((k, v) -> out.put(kafkaEnvName(k), v));
        return out;
    }

    /** Kafka settings given with the {@code kafka.} prefix, prefix removed. */
    public Map<String, String> kafkaOverrides() {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(KAFKA_PREFIX)) {
                out.put(k.substring(KAFKA_PREFIX.length()), v);
            }
        });
        return out;
    }

    /** Client settings shared by the streams app, the publisher and the tools. */
    public Map<String, Object> clientConfig() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("bootstrap.servers", get(BOOTSTRAP_SERVERS));
        out.putAll(kafkaOverrides());
        return out;
    }

    /** Every setting with credentials masked ({@link Secrets}): safe to log. */
    @Override
    public String toString() {
        return "AppConfig" + Secrets.masked(new java.util.TreeMap<>(values));
    }

    /** Apicurio serde settings: auto-register so producers need no separate schema upload step. */
    public Map<String, Object> serdeConfig() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("apicurio.registry.url", get(REGISTRY_URL));
        out.put("apicurio.registry.auto-register", "true");
        out.put("apicurio.registry.use-specific-avro-reader", "true");
        // See the kiota-http-jdk dependency in the pom: the JDK's HttpClient, not the shared Vert.x instance.
        out.put("apicurio.registry.http.adapter", "JDK");
        // The default provider fingerprints the schema on every record; this one looks it up by identity (see its javadoc).
        out.put(AvroSerdeConfig.AVRO_DATUM_PROVIDER, SchemaCachingDatumProvider.class.getName());
        return out;
    }
}
