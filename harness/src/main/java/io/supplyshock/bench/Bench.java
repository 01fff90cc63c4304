package io.supplyshock.bench;

import io.supplyshock.topics.RegistryClients;
import io.supplyshock.TopicAdmin;
import io.supplyshock.config.AppConfig;
import io.supplyshock.schema.Alert;
import io.supplyshock.schema.ExposureProfile;
import io.supplyshock.schema.ExposureRow;
import io.supplyshock.schema.PolicyEvent;
import io.supplyshock.topics.Topics;
import io.supplyshock.stack.Readiness;
import io.supplyshock.tools.AppProcess;
import io.supplyshock.tools.Directories;
import io.supplyshock.tools.ProcessingProgress;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The benchmark harness (`scripts/bench.sh`): on one broker and registry, the same synthetic load through
 * (1) a plain consumer-to-producer copy of the raw bytes, (2) the same copy decoding and encoding Avro through
 * the registry serde, and the pipeline under exactly-once; then fixed-rate latency runs, a profile load on
 * one commodity and the fan-out of one shock over it. Every figure is printed with its ratio to the baselines.
 * The floor run ({@code --floor}) measures the baselines warm and (3) baseline 2's copy inside Kafka Streams,
 * without the app.
 * Bounded in count and time: each phase has a record budget and a deadline.
 */
public final class Bench {

    /** The most batches the warm-up runs, the first one included. */
    public static final int MAX_WARMUP_ROUNDS = 10;
    private static final Duration CAUGHT_UP_POLL = Duration.ofMillis(100);
    /** The app's event topics, which every copy reads. */
    private static final List<String> INPUT_TOPICS = List.of(Topics.POLICY_EVENTS, Topics.MARKET_EVENTS, Topics.DISRUPTION_EVENTS);
    /** Scratch topics of the three copies: the prefix, a dot, then the input topic copied. */
    private static final String RAW_COPY_PREFIX = "bench.copy-raw", AVRO_COPY_PREFIX = "bench.copy-avro", STREAMS_COPY_PREFIX = "bench.copy-streams";

    private final AppConfig config;
    private final PrintStream out;
    private final Map<String, String> results = new java.util.LinkedHashMap<>();
    private final KeyFigures keyFigures = new KeyFigures();
    private final String appHeap;
    private final List<String> appJvmOptions;
    /** The share of the app's CPU its JIT compilers took in the last timed phase (0 when unknown). */
    private double lastPhaseCompilerShare;
    /** The app's CPU seconds (-1 when unknown) and the wall seconds of the last timed phase. */
    private double lastPhaseAppCpu, lastPhaseSeconds;
    /** The harness's own CPU seconds in the last timed phase. */
    private double lastPhaseHarnessCpu;
    /** The machine's CPU steal over the last timed phase (-1 when unknown). */
    private double lastPhaseSteal = -1;
    /** The steal of each phase a figure is taken from, by phase, in run order. */
    private final Map<String, Double> measuredSteal = new LinkedHashMap<>();
    private AppProcess app;
    /** The broker of the run's own stack, whose CPU each phase reports beside the app's; empty on another stack. */
    private OptionalLong brokerPid = OptionalLong.empty();

    /** Whether the latency runs send the load's mix (prices among the alerting bans) rather than alerting bans only. */
    private boolean latencyMix;

    private Bench(AppConfig config, PrintStream out, String appHeap, List<String> appJvmOptions) {
        this.config = config;
        this.out = out;
        this.appHeap = appHeap;
        this.appJvmOptions = List.copyOf(appJvmOptions);
    }

    /** The standard run: throughput against the two baselines, fixed-rate latency, then the profile load. */
    public static void runStandard(AppConfig config, PrintStream out, String appHeap, List<String> appJvmOptions, SyntheticLoad load, int events,
                                   int warmupRounds, double settledCompilerShare, List<Integer> rates, int seconds, boolean latencyMix, int profiles,
                                   Path stackDir, Path report) throws Exception {
        Bench bench = new Bench(config, out, appHeap, appJvmOptions);
        bench.latencyMix = latencyMix;
        bench.watched(stackDir, report, () -> bench.run(load, events, warmupRounds, settledCompilerShare, rates, seconds, profiles));
        bench.reportSteal();
        if (stackDir != null) bench.stackProcesses(stackDir);
        if (report != null) bench.write(report);
    }

    /**
     * The floor run, without the app: the baselines on a first pass and again warm, and baseline 2's copy inside Kafka
     * Streams under the app's guarantee (baseline 3). Its own run, because the standard run measured its pipeline phase
     * a sixth slower in six runs against three once these phases ran before it, for a reason not found: a baseline must
     * not move what it is the baseline of (docs/benchmarks.md, ninth round).
     */
    public static void runFloor(AppConfig config, PrintStream out, SyntheticLoad load, int events, Path stackDir, Path report) throws Exception {
        Bench bench = new Bench(config, out, "1g", List.of());
        bench.watched(stackDir, report, () -> bench.floor(load, events));
        bench.reportSteal();
        if (stackDir != null) bench.stackProcesses(stackDir);
        if (report != null) bench.write(report);
    }

    private void floor(SyntheticLoad load, int events) throws Exception {
        publishFirstBatch(load, events, RAW_COPY_PREFIX, AVRO_COPY_PREFIX, STREAMS_COPY_PREFIX);
        // The first pass is how the standard run measures its baselines; the second is warm, as its pipeline is.
        double coldRaw = timed("baseline 1, first pass", events, () -> rawCopy(events));
        double raw = timed("baseline 1, warm", events, () -> rawCopy(events));
        double coldAvro = timed("baseline 2, first pass", events, () -> avroCopy(events));
        double avro = timed("baseline 2, warm", events, () -> avroCopy(events));
        noteSteal("baseline 2 warm");
        double streamsCopy = streamsCopy(events);
        results.put("baseline 1 warm vs its first pass", String.format(Locale.ROOT, "%.2f", raw / coldRaw));
        results.put("baseline 2 warm vs its first pass", String.format(Locale.ROOT, "%.2f", avro / coldAvro));
        results.put("baseline 3 vs baseline 2 warm", String.format(Locale.ROOT, "%.2f", streamsCopy / avro));
        results.put("baseline 3 vs baseline 2's first pass", String.format(Locale.ROOT, "%.2f", streamsCopy / coldAvro));
        keyFigures.put("baseline 2 first pass, records/s", coldAvro);
        keyFigures.put("baseline 2 warm, records/s", avro);
        keyFigures.put("baseline 3, records/s", streamsCopy);
        keyFigures.put("baseline 3 / baseline 2 warm", streamsCopy / avro);
        out.printf(Locale.ROOT, "  ratios: baseline 2 warm / first pass %.2f; baseline 3 / baseline 2 warm %.2f, / its first pass %.2f%n",
                avro / coldAvro, streamsCopy / avro, streamsCopy / coldAvro);
    }

    /** The wide run: {@code commodities} commodities with {@code each} exposure profiles apiece. */
    public static void runWide(AppConfig config, PrintStream out, String appHeap, List<String> appJvmOptions, int commodities, int each, Path stackDir,
                               Path report) throws Exception {
        Bench bench = new Bench(config, out, appHeap, appJvmOptions);
        bench.watched(stackDir, report, () -> bench.wide(commodities, each));
        bench.reportSteal();
        if (stackDir != null) bench.stackProcesses(stackDir);
        if (report != null) bench.write(report);
    }

    private static final Instant FIRST_BATCH_START = Instant.parse("2026-01-01T00:00:00Z");

    /** Prints the machine, creates the app's topics and the copies' scratch topics, and publishes the first batch: its rate. */
    private double publishFirstBatch(SyntheticLoad load, int events, String... scratchPrefixes) throws Exception {
        out.printf(Locale.ROOT, "machine: %d cores, JVM max heap %d MB, Java %s%n", Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, Runtime.version());
        if (TopicAdmin.createTopics(config, new PrintStream(OutputStream.nullOutputStream())) != 0) throw new IllegalStateException("create-topics failed");
        createScratchTopics(scratchPrefixes);
        List<SyntheticLoad.Event> batch = batchOnDay(load, events, 0);
        return timed("publish " + events + " events (Avro, registry serde)", events, () -> send(batch));
    }

    private void run(SyntheticLoad load, int events, int warmupRounds, double settledCompilerShare, List<Integer> rates, int seconds, int profiles)
            throws Exception {
        double publish = publishFirstBatch(load, events, RAW_COPY_PREFIX, AVRO_COPY_PREFIX);

        double raw = timed("baseline 1: raw byte copy", events, () -> rawCopy(events));
        double avro = timed("baseline 2: Avro decode + encode copy", events, () -> avroCopy(events));
        keyFigures.put("baseline 2, records/s", avro);
        // The machine's speed as the copy meets it: interference that steal does not show (a neighbour's use of the
        // caches and memory) still shows here, as CPU time a record: 95-145 us over the standard 20,000 records in
        // this machine's runs of 2026-12-06 and 07.
        keyFigures.put("baseline 2 CPU per record, us", lastPhaseHarnessCpu * 1e6 / events);
        noteSteal("baseline 2");

        try (AppProcess app = startApp("app")) {
            // Start-up (state restoration, the first rebalance) is not throughput: the clock starts once the app runs.
            app.awaitRunning(Duration.ofSeconds(120));
            // The batch above starts the warm-up: a fresh JVM spends more CPU compiling than processing for its
            // first tens of seconds, and on two shared cores its compilers were still busy through a second batch
            // (half the app's CPU in it was theirs), which is not the app's rate. Each round prints its compilers' share.
            timedUntil("pipeline warm-up: the same " + events + " events (JIT, caches)", events, this::caughtUp);
            // Past the minimum, more rounds while the compilers still take a large share: a long-running service pays
            // for them once, the measured phase would pay for them again (two-thirds of the app's CPU in its first
            // batch, still a third or more in the fourth, under a tenth from about the sixth on this machine).
            int rounds = 1;
            while (rounds < warmupRounds || rounds < MAX_WARMUP_ROUNDS && lastPhaseCompilerShare > settledCompilerShare) {
                rounds++;
                List<SyntheticLoad.Event> more = batchOnDay(load, events, rounds - 1);
                timedUntil("pipeline warm-up round " + rounds + ": " + events + " more events", events, () -> {
                    send(more);
                    return caughtUp();
                });
            }
            String warmUp = String.format(Locale.ROOT, "%d rounds; the JIT compilers took %.0f%% of the app's CPU in the last (settled below %.0f%%)",
                    rounds, 100 * lastPhaseCompilerShare, 100 * settledCompilerShare);
            out.println("  warm-up: " + warmUp);
            results.put("pipeline warm-up", warmUp);
            List<SyntheticLoad.Event> measured = batchOnDay(load, events, rounds);
            double pipeline = timedUntil("pipeline (exactly-once): publish and consume " + events + " more events", events, () -> {
                send(measured);
                return caughtUp();
            });
            results.put("pipeline vs baseline 1", String.format(Locale.ROOT, "%.2f", pipeline / raw));
            results.put("pipeline vs baseline 2", String.format(Locale.ROOT, "%.2f", pipeline / avro));
            keyFigures.put("pipeline, events/s", pipeline);
            keyFigures.put("pipeline / baseline 2", pipeline / avro);
            if (lastPhaseAppCpu >= 0) {
                keyFigures.put("app CPU per event, ms", lastPhaseAppCpu * 1000 / events);
                // What a long-running instance pays once its compilers are done: a fresh JVM's still take a tenth to a
                // fifth of the measured phase on this machine, more where the load's shape changes (the latency runs).
                keyFigures.put("app CPU per event without the JIT compilers, ms", lastPhaseAppCpu * (1 - lastPhaseCompilerShare) * 1000 / events);
            }
            noteSteal("the pipeline phase");
            out.printf(Locale.ROOT, "  ratios: pipeline / raw copy %.2f, pipeline / Avro copy %.2f, publish %.0f ev/s%n", pipeline / raw, pipeline / avro, publish);
            census("after the pipeline phases", (rounds + 1) * events);
            for (int rate : rates) {
                latency(load, rate, seconds);
                drain("latency at " + rate + " events/s");
            }
            profileLoad(profiles);
            memory("after all phases");
            census("after all phases", 0);
        }
    }

    /**
     * Every topic of the run read back (read_committed): records, bytes and the largest record, so that the
     * write amplification of one input event and the record sizes the broker must accept are figures, not
     * guesses. Repartition topics are purged once consumed, so their counts are what was still retained.
     */
    private void census(String when, int inputEvents) {
        Map<String, Object> props = consumerProps();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<String> topics = consumer.listTopics().keySet().stream().filter(t -> !t.startsWith("__") && !t.startsWith("bench.")).sorted().toList();
            out.printf(Locale.ROOT, "record census %s (read_committed; records, value bytes, largest value)%n", when);
            WriteCensus sums = new WriteCensus();
            for (String topic : topics) {
                List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                long records = 0, bytes = 0, largest = 0;
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        records++;
                        int size = Math.max(r.serializedValueSize(), 0);
                        bytes += size;
                        largest = Math.max(largest, size);
                    }
                }
                sums.add(topic, records, bytes);
                String shortName = topic.replace(config.get(AppConfig.APPLICATION_ID) + "-", "<app>-");
                String line = String.format(Locale.ROOT, "%,d records, %,d bytes, largest %,d bytes", records, bytes, largest);
                out.printf(Locale.ROOT, "  %-62s %s%n", shortName, line);
                results.put("census " + when + ": " + shortName, line);
            }
            if (inputEvents > 0) {
                String line = sums.perInputEvent(inputEvents);
                out.printf(Locale.ROOT, "  %s%n", line);
                results.put("census " + when, line);
                keyFigures.put("records written per input event", sums.appRecordsPerInputEvent(inputEvents));
                keyFigures.put("bytes written per input event", sums.appBytesPerInputEvent(inputEvents));
            }
        }
    }

    /** Many commodities with many profiles each: the rows a large customer's exposure table holds, and the app's memory with them. */
    private void wide(int commodities, int each) throws Exception {
        if (TopicAdmin.createTopics(config, new PrintStream(OutputStream.nullOutputStream())) != 0) throw new IllegalStateException("create-topics failed");
        int total = commodities * each;
        Map<String, Object> props = consumerProps();
        try (AppProcess app = startApp("app-wide");
             KafkaConsumer<String, ExposureRow> rows = new KafkaConsumer<>(props, new StringDeserializer(), avroDeserializer())) {
            List<TopicPartition> partitions = rows.partitionsFor(Topics.EXPOSURES).stream().map(p -> new TopicPartition(Topics.EXPOSURES, p.partition())).toList();
            rows.assign(partitions);
            rows.seekToEnd(partitions);
            partitions.forEach(rows::position);
            timed("load " + total + " profiles over " + commodities + " commodities (rows written)", total, () -> {
                try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(producerProps(), new StringSerializer(), avroSerializer())) {
                    for (int c = 0; c < commodities; c++) {
                        for (int i = 0; i < each; i++) {
                            ExposureProfile p = SyntheticLoad.profile(SyntheticLoad.commodity(c), i, each);
                            producer.send(new ProducerRecord<>(Topics.EXPOSURE_PROFILES, p.getProfileId(), p));
                        }
                    }
                    producer.flush();
                }
                awaitRows(rows, total, r -> true);
                return null;
            });
            keyFigures.put(total + " rows over " + commodities + " commodities written, s", lastPhaseSeconds);
            noteSteal("the wide load");
            app.collectGarbage();
            long heapMb = memory("with " + total + " exposure rows, after a full collection");
            keyFigures.put("app heap with " + total + " rows after a full collection, MB", heapMb);
        }
    }

    /**
     * The app runs as a child JVM with its own heap (--app-heap), so that its memory and CPU are its own;
     * it closes before the method returns, and with it goes any figure read from it.
     */
    private AppProcess startApp(String name) throws Exception {
        Path log = Files.createTempFile("supplyshock-bench-" + name, ".log");
        app = AppProcess.start(config, AppProcess.ownJar(), appHeap, appJvmOptions, log, Map.of());
        out.println("app started as a child JVM (-Xmx" + appHeap + (appJvmOptions.isEmpty() ? "" : " " + String.join(" ", appJvmOptions)) + "), log " + log);
        try {
            app.awaitRunning(Duration.ofSeconds(120));
        } catch (Exception e) {
            // The caller's try-with-resources never receives an app that failed to start: stop it here.
            app.close();
            throw e;
        }
        return app;
    }

    /** Events per second of one phase, with the process's CPU time over it. */
    private double timed(String name, int records, ThrowingSupplier step) throws Exception {
        return timedUntil(name, records, () -> {
            step.get();
            return System.nanoTime();
        });
    }

    /** As {@link #timed}, for a step that says when its work ended ({@link System#nanoTime()}) before it returns. */
    private double timedUntil(String name, int records, EndingStep step) throws Exception {
        long cpu0 = processCpuNanos();
        Readings start = readings();
        long t0 = System.nanoTime();
        long ended = step.run();
        PhaseCpu phase = PhaseCpu.between(start, readings());
        lastPhaseSteal = phase.steal();
        double secs = (ended - t0) / 1e9;
        double cpu = (processCpuNanos() - cpu0) / 1e9;
        lastPhaseHarnessCpu = cpu;
        lastPhaseCompilerShare = phase.app() > 0 && phase.compiling() >= 0 ? phase.compiling() / phase.app() : 0;
        lastPhaseAppCpu = phase.app();
        lastPhaseSeconds = secs;
        double rate = records / secs;
        String appPart = phase.app() < 0 ? "" : String.format(Locale.ROOT, ", %.1f s CPU of the app", phase.app())
                + (phase.compiling() < 0 ? "" : String.format(Locale.ROOT, " (%.1f s of it in the JIT compilers%s)", phase.compiling(),
                        phase.collecting() < 0 ? "" : String.format(Locale.ROOT, ", %.1f s in garbage collection", phase.collecting())))
                + phase.brokerAndMachine();
        out.printf(Locale.ROOT, "%-58s %8.0f records/s  (%.1f s wall, %.1f s CPU of the harness%s)%n", name, rate, secs, cpu, appPart);
        results.put(name, String.format(Locale.ROOT, "%.0f records/s (%.1f s, harness CPU %.1f s%s)", rate, secs, cpu, appPart));
        return rate;
    }

    /** Keeps the last phase's steal as that of a phase whose figures the run reports, with a key figure of its own. */
    private void noteSteal(String phase) {
        if (lastPhaseSteal < 0) return;
        measuredSteal.put(phase, lastPhaseSteal);
        keyFigures.put(KeyFigures.STEAL_PREFIX + phase + ", %", 100 * lastPhaseSteal);
    }

    /** Says how much CPU the machine lost to other guests in the phases whose figures the run reports ({@link CpuSteal#verdict}). */
    private void reportSteal() {
        if (measuredSteal.isEmpty()) return;
        String line = CpuSteal.verdict(measuredSteal);
        out.printf(Locale.ROOT, "%-58s %s%n", "machine CPU steal", line);
        results.put("machine CPU steal", line);
    }

    /** CPU seconds of the running app's JIT compiler threads, or -1 when none runs or /proc does not say. */
    private double appCompiling() {
        return app != null && app.isAlive() ? app.compilerCpuSeconds() : -1;
    }

    /** CPU seconds of the running app's garbage collector threads, or -1 when none runs or /proc does not say. */
    private double appCollecting() {
        return app != null && app.isAlive() ? app.collectorCpuSeconds() : -1;
    }

    /** CPU seconds of the run's broker so far, or -1 when the run has no stack of its own or /proc does not say. */
    private double brokerCpu() {
        if (brokerPid.isEmpty()) return -1;
        try {
            return AppProcess.cpuSeconds(brokerPid.getAsLong());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** What a phase is measured by, read at its start and its end; a reading is -1 (or empty) where it is unknown. */
    private record Readings(double app, double compiling, double collecting, double broker, Optional<CpuSteal.Counters> machine) {
    }

    private Readings readings() throws IOException {
        return new Readings(appCpu(), appCompiling(), appCollecting(), brokerCpu(), CpuSteal.now());
    }

    /**
     * A phase's CPU: the app's, of it its compilers' and collectors', the broker's (it shares the cores with the app
     * and the harness, so a phase where the three keep the machine busy queues for a core, and its latency shows
     * it), and the machine's stolen and busy shares. Each is -1 where a reading at either end was unknown.
     */
    private record PhaseCpu(double app, double compiling, double collecting, double broker, double steal, double busy) {

        static PhaseCpu between(Readings start, Readings end) {
            return new PhaseCpu(delta(start.app(), end.app()), delta(start.compiling(), end.compiling()),
                    delta(start.collecting(), end.collecting()), delta(start.broker(), end.broker()),
                    CpuSteal.shareBetween(start.machine(), end.machine()), CpuSteal.busyBetween(start.machine(), end.machine()));
        }

        private static double delta(double start, double end) {
            return start < 0 || end < 0 ? -1 : end - start;
        }

        /** ", broker 4.1 s, steal 0%, machine busy 87%", each part left out when unknown. */
        String brokerAndMachine() {
            return (broker < 0 ? "" : String.format(Locale.ROOT, ", broker %.1f s", broker)) + CpuSteal.phasePart(steal, busy);
        }
    }

    /** CPU seconds of the running app, or -1 when none runs. */
    private double appCpu() throws IOException {
        return app != null && app.isAlive() ? app.cpuSeconds() : -1;
    }

    private interface ThrowingSupplier {
        Object get() throws Exception;
    }

    private interface EndingStep {
        long run() throws Exception;
    }

    /**
     * When the app was first seen caught up with everything published so far. Observations 100 ms apart, the default
     * commit interval, and three in a row, so that a phase's figure ends within about a tenth of a second of its last
     * commit rather than with the harness's confirmations.
     */
    private long caughtUp() throws Exception {
        return ProcessingProgress.caughtUpAt(config, Duration.ofSeconds(600), CAUGHT_UP_POLL, 2, new PrintStream(OutputStream.nullOutputStream()))
                .orElseThrow(() -> new IllegalStateException("the app did not catch up within 600 s; see its log"));
    }

    /** The next {@code events} events of the load, a millisecond apart from the start of the batch's own day. */
    private static List<SyntheticLoad.Event> batchOnDay(SyntheticLoad load, int events, int day) {
        Instant start = FIRST_BATCH_START.plus(Duration.ofDays(day));
        List<SyntheticLoad.Event> batch = new ArrayList<>(events);
        for (int i = 0; i < events; i++) batch.add(load.next(start.plusMillis(i)));
        return batch;
    }

    private Object send(List<SyntheticLoad.Event> events) {
        try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(producerProps(), new StringSerializer(), avroSerializer())) {
            for (SyntheticLoad.Event e : events) producer.send(new ProducerRecord<>(e.topic(), null, eventTime(e), e.key(), e.value()));
            producer.flush();
        }
        return null;
    }

    private static Long eventTime(SyntheticLoad.Event e) {
        return switch (e.value()) {
            case io.supplyshock.schema.PolicyEvent p -> p.getEventTime().toEpochMilli();
            case io.supplyshock.schema.MarketEvent m -> m.getEventTime().toEpochMilli();
            case io.supplyshock.schema.DisruptionEvent d -> d.getEventTime().toEpochMilli();
            default -> null;
        };
    }

    /** Baseline 1: the input topics copied as bytes. */
    private Object rawCopy(int events) {
        return copy(events, new ByteArrayDeserializer(), new ByteArraySerializer(), RAW_COPY_PREFIX);
    }

    /** Baseline 2: the input topics copied through the registry serde, decoded and encoded again. */
    private Object avroCopy(int events) {
        return copy(events, avroDeserializer(), avroSerializer(), AVRO_COPY_PREFIX);
    }

    /** Reads the three input topics from the start and writes every value to a scratch topic. */
    private <V> Object copy(int expected, Deserializer<V> in, Serializer<V> outSerializer, String target) {
        Map<String, Object> props = consumerProps();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(props, new StringDeserializer(), in);
             KafkaProducer<String, V> producer = new KafkaProducer<>(producerProps(), new StringSerializer(), outSerializer)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : INPUT_TOPICS) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            int copied = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
            while (copied < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(200))) {
                    // One scratch topic per input topic: each keeps one schema, as the registry's compatibility rule requires.
                    producer.send(new ProducerRecord<>(target + "." + r.topic(), r.key(), r.value()));
                    copied++;
                }
            }
            producer.flush();
            if (copied < expected) throw new IllegalStateException("copied only " + copied + " of " + expected + " records within 300 s");
        }
        return null;
    }

    /**
     * Baseline 3: baseline 2's copy inside Kafka Streams, under the app's processing guarantee and commit interval, one
     * stream thread, the three input topics read by one sub-topology as the app reads them. It is the floor of any
     * Streams application on this machine before it does work of its own: what the transactions, the task loop and the
     * per-record bookkeeping cost. A first pass over the same events warms this JVM's Streams code up, as the pipeline
     * phases are warmed; only the second is measured, from the moment the instance runs. Each pass has its own
     * application id and reads from the start.
     */
    private double streamsCopy(int events) throws Exception {
        streamsCopyPass(events, false);
        return streamsCopyPass(events, true);
    }

    private double streamsCopyPass(int expected, boolean measured) throws Exception {
        String pass = measured ? "measured" : "warm-up";
        String applicationId = "supplyshock-bench-streams-copy-" + pass + "-" + System.currentTimeMillis();
        Path stateDir = Files.createTempDirectory("supplyshock-bench-streams-copy");
        Properties props = new Properties();
        props.putAll(config.clientConfig());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.get(AppConfig.PROCESSING_GUARANTEE));
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.getInt(AppConfig.COMMIT_INTERVAL_MS));
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, (long) config.getInt(AppConfig.MAX_TASK_IDLE_MS));
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, config.getInt(AppConfig.TOPIC_REPLICATION));

        Serde<Object> avro = Serdes.serdeFrom(avroSerializer(), avroDeserializer());
        AtomicInteger copied = new AtomicInteger();
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(INPUT_TOPICS, Consumed.with(Serdes.String(), avro).withOffsetResetPolicy(AutoOffsetReset.earliest()))
                .peek((key, value) -> copied.incrementAndGet())
                .to((key, value, context) -> STREAMS_COPY_PREFIX + "." + context.topic(), Produced.with(Serdes.String(), avro));
        try (KafkaStreams streams = new KafkaStreams(builder.build(), props)) {
            streams.start();
            long runningBy = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (streams.state() != KafkaStreams.State.RUNNING) {
                if (System.nanoTime() > runningBy || !streams.state().isRunningOrRebalancing()) {
                    throw new IllegalStateException("the Streams copy (" + pass + ") did not start within 120 s: " + streams.state());
                }
                Thread.sleep(20);
            }
            ThrowingSupplier untilCommitted = () -> awaitStreamsCopy(applicationId, expected, copied);
            double rate = 0;
            if (measured) {
                rate = timed("baseline 3: the Avro copy in Kafka Streams (" + config.get(AppConfig.PROCESSING_GUARANTEE) + ")", expected, untilCommitted);
                noteSteal("baseline 3");
            } else {
                untilCommitted.get();
            }
            streams.close(Duration.ofSeconds(30));
            streams.cleanUp();
            return rate;
        } finally {
            Directories.deleteTree(stateDir);
        }
    }

    /** Waits until the copy has processed every input record and committed its offsets past them. */
    private Object awaitStreamsCopy(String applicationId, int expected, AtomicInteger copied) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
        try (Admin admin = Admin.create(new HashMap<>(config.clientConfig()))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(INPUT_TOPICS).allTopicNames().get(30, TimeUnit.SECONDS).forEach((name, d) ->
                    d.partitions().forEach(p -> latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
            var ends = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
            while (System.nanoTime() < deadline) {
                if (copied.get() >= expected) {
                    var committed = admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                    boolean all = ends.entrySet().stream().allMatch(e -> e.getValue().offset() == 0
                            || committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue().offset());
                    if (all) return null;
                }
                Thread.sleep(20);
            }
        }
        throw new IllegalStateException("the Streams copy processed " + copied.get() + " of " + expected + " records and did not commit them all within 300 s");
    }

    /**
     * Unmeasured seconds at the rate before each latency run. The pipeline phases warm the app up on the mixed load, yet
     * the first latency run, all alerting export bans on today's date, still had a tail two to three times that of a
     * second run at the same rate, and the app kept its compilers busy after it (0.8-1.3 s of CPU against 0.1 s after
     * the second): the run measured the JIT's catching up on the alert path, not the path.
     */
    static final int LATENCY_LEAD_IN_SECONDS = 3;

    /**
     * Events at a fixed rate, each alerting; latency from the event's time to the alert read back (read_committed).
     * Alerts of the lead-in's events are read but not counted: the measured events are those sent after it.
     */
    private void latency(SyntheticLoad load, int rate, int seconds) throws Exception {
        int leadIn = rate * LATENCY_LEAD_IN_SECONDS;
        int total = rate * seconds;
        int expected = 0;
        List<Long> latencies = new ArrayList<>(total);
        LatencyBySecond bySecond = new LatencyBySecond();
        Map<String, Object> props = consumerProps();
        try (KafkaConsumer<String, Alert> consumer = new KafkaConsumer<>(props, new StringDeserializer(), avroDeserializer());
             KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(producerProps(), new StringSerializer(), avroSerializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.ALERTS).stream().map(p -> new TopicPartition(Topics.ALERTS, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            long start = System.nanoTime();
            long cpu0 = processCpuNanos();
            Readings atStart = readings();
            int sent = 0;
            long firstMeasured = Long.MAX_VALUE;
            long deadline = start + Duration.ofSeconds(LATENCY_LEAD_IN_SECONDS + seconds + 60L).toNanos();
            while ((sent < leadIn + total || latencies.size() < expected) && System.nanoTime() < deadline) {
                long due = (long) ((System.nanoTime() - start) / 1e9 * rate);
                while (sent < Math.min(due, leadIn + total)) {
                    SyntheticLoad.Event e = latencyMix ? load.nextWithRecognisableAlerts(Instant.now()) : load.alerting(Instant.now());
                    if (sent >= leadIn && SyntheticLoad.isAlerting(e)) {
                        if (expected++ == 0) firstMeasured = SyntheticLoad.sequenceOf(((PolicyEvent) e.value()).getEventId());
                    }
                    producer.send(new ProducerRecord<>(e.topic(), null, System.currentTimeMillis(), e.key(), e.value()));
                    sent++;
                }
                for (ConsumerRecord<String, Alert> r : consumer.poll(Duration.ofMillis(5))) {
                    if (measuredAfterTheLeadIn(r.value().getExplanation().getSourceEventIds().getFirst(), firstMeasured)) {
                        long eventTime = r.value().getEventTime().toEpochMilli();
                        long latency = System.currentTimeMillis() - eventTime;
                        latencies.add(latency);
                        bySecond.add(eventTime, latency);
                    }
                }
            }
            double cpu = (processCpuNanos() - cpu0) / 1e9;
            PhaseCpu phase = PhaseCpu.between(atStart, readings());
            lastPhaseSteal = phase.steal();
            String appPart = (phase.app() < 0 ? "" : String.format(Locale.ROOT, ", app %.1f s%s%s", phase.app(),
                    phase.compiling() < 0 ? "" : String.format(Locale.ROOT, " of which JIT %.1f s", phase.compiling()),
                    phase.collecting() < 0 ? "" : String.format(Locale.ROOT, ", GC %.1f s", phase.collecting())))
                    + phase.brokerAndMachine();
            latencies.sort(null);
            String line = latencies.isEmpty() ? "no alerts came back" : String.format(Locale.ROOT,
                    "p50 %d ms, p99 %d ms, max %d ms over %d of %d alerts after a %d s lead-in (CPU: harness %.1f s%s)", LatencyBySecond.percentile(latencies, 0.5),
                    LatencyBySecond.percentile(latencies, 0.99), latencies.getLast(), latencies.size(), expected, LATENCY_LEAD_IN_SECONDS, cpu, appPart);
            String mix = latencyMix ? " (the load's mix)" : "";
            out.printf(Locale.ROOT, "%-58s %s%n", "event-to-alert latency at " + rate + " events/s" + mix, line);
            results.put("latency at " + rate + " events/s" + mix, line);
            if (!latencies.isEmpty()) {
                String perSecond = bySecond.summary();
                out.printf(Locale.ROOT, "%-58s %s%n", "  by second sent (p99 / max, ms)", perSecond);
                results.put("latency at " + rate + " events/s" + mix + " by second sent (p99 / max, ms)", perSecond);
                keyFigures.put("p50 at " + rate + " events/s" + mix + ", ms", LatencyBySecond.percentile(latencies, 0.5));
                keyFigures.put("p99 at " + rate + " events/s" + mix + ", ms", LatencyBySecond.percentile(latencies, 0.99));
            }
            noteSteal("the latency run at " + rate + " events/s" + mix);
        }
    }

    /**
     * Waits until the app has processed everything published so far, so that the next phase measures its own records
     * only. A latency run above the app's capacity ends at its deadline with a backlog (at 5,000 events/s for 10 s,
     * 42,000-45,000 of the 50,000 events on main after issue 18), and the profile load that followed paid for it:
     * the profiles are processed in the tasks that read the events, which take the older timestamps first.
     */
    private void drain(String phase) throws Exception {
        long lag = ProcessingProgress.lag(config);
        double appCpu0 = appCpu();
        long t0 = System.nanoTime();
        OptionalLong caughtUp = ProcessingProgress.caughtUpAt(config, Duration.ofSeconds(600), CAUGHT_UP_POLL, 2, new PrintStream(OutputStream.nullOutputStream()));
        double secs = (caughtUp.orElse(System.nanoTime()) - t0) / 1e9;
        String line = String.format(Locale.ROOT, "%,d offsets still to process; %s in %.1f s (%.1f s CPU of the app)", lag,
                caughtUp.isPresent() ? "processed" : "NOT processed", secs, appCpu() - appCpu0);
        out.printf(Locale.ROOT, "%-58s %s%n", "backlog after " + phase, line);
        results.put("backlog after " + phase, line);
        if (caughtUp.isEmpty()) throw new IllegalStateException("the app did not catch up within 600 s after " + phase);
        // The next phase starts after three quiet observations 1.5 s apart, as before the figure above was timed to the
        // first: started at once, the profile load shared the cores with what the burst leaves behind (RocksDB
        // compactions, the compilers) and took 8.2-10.6 s instead of 6.5-8.3.
        ProcessingProgress.waitUntilProcessed(config, Duration.ofSeconds(600), new PrintStream(OutputStream.nullOutputStream()));
    }

    /** Whether an alert's source event is one of the latency run's own, sent at or after the first measured one. */
    static boolean measuredAfterTheLeadIn(String sourceEventId, long firstMeasuredSequence) {
        return sourceEventId.startsWith(SyntheticLoad.ALERTING_PREFIX) && SyntheticLoad.sequenceOf(sourceEventId) >= firstMeasuredSequence;
    }

    /** Profiles on one commodity: time until every row is written, then one shock until every row carries it. */
    private void profileLoad(int profiles) throws Exception {
        String commodity = "bench_load";
        List<SyntheticLoad.Event> records = new ArrayList<>(profiles);
        for (int i = 0; i < profiles; i++) {
            ExposureProfile p = SyntheticLoad.profile(commodity, i, profiles);
            records.add(new SyntheticLoad.Event(Topics.EXPOSURE_PROFILES, p.getProfileId(), p));
        }
        Map<String, Object> props = consumerProps();
        try (KafkaConsumer<String, ExposureRow> rows = new KafkaConsumer<>(props, new StringDeserializer(), avroDeserializer())) {
            List<TopicPartition> partitions = rows.partitionsFor(Topics.EXPOSURES).stream().map(p -> new TopicPartition(Topics.EXPOSURES, p.partition())).toList();
            rows.assign(partitions);
            rows.seekToEnd(partitions);
            partitions.forEach(rows::position);
            timed("load " + profiles + " profiles on one commodity (rows written)", profiles, () -> {
                send(records);
                awaitRows(rows, profiles, r -> r.getCommodity().equals(commodity));
                return null;
            });
            keyFigures.put(profiles + " profiles on one commodity loaded, s", lastPhaseSeconds);
            noteSteal("the profile load");
            memory("with " + profiles + " profiles loaded");
            SyntheticLoad.Event shock = new SyntheticLoad(1, 1, 1, 0, 7).alerting(Instant.now(), commodity);
            timed("one shock reaches every row of that commodity", profiles, () -> {
                send(List.of(shock));
                awaitRows(rows, profiles, r -> r.getCommodity().equals(commodity) && r.getCommodityShockScore() > 0);
                return null;
            });
            keyFigures.put("one shock to all " + profiles + " rows, s", lastPhaseSeconds);
            noteSteal("the shock's fan-out");
        }
    }

    private static void awaitRows(KafkaConsumer<String, ExposureRow> rows, int expected, java.util.function.Predicate<ExposureRow> match) {
        Set<String> seen = new java.util.HashSet<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
        while (seen.size() < expected && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, ExposureRow> r : rows.poll(Duration.ofMillis(200))) {
                if (r.value() != null && match.test(r.value())) seen.add(r.key());
            }
        }
        if (seen.size() < expected) throw new IllegalStateException("only " + seen.size() + " of " + expected + " rows within 300 s");
    }

    /** Prints and records the app's heap and resident memory and the harness's; returns the heap used, in MB. */
    private long memory(String when) throws Exception {
        String harnessRss = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS")).findFirst()
                .map(l -> l.replaceAll("[^0-9]", "")).map(kb -> (Long.parseLong(kb) / 1024) + " MB").orElse("unknown");
        long heapMb = app.heapUsedMb();
        String line = String.format(Locale.ROOT, "app: heap used %d MB of %s, resident %d MB; harness resident %s",
                heapMb, appHeap, app.residentMb(), harnessRss);
        out.printf(Locale.ROOT, "%-58s %s%n", "memory " + when, line);
        results.put("memory " + when, line);
        return heapMb;
    }

    /**
     * Runs a bench with its stack's registry watched ({@link RegistryWatch}) when the run has a stack of its own, and
     * reports what the watch saw, also when the bench fails: a registry that went silent is then the first suspect.
     */
    private void watched(Path stackDir, Path report, BenchBody body) throws Exception {
        if (stackDir == null) {
            body.run();
            return;
        }
        brokerPid = pidOf(stackDir, "kafka");
        URI registryBase = URI.create(config.get(AppConfig.REGISTRY_URL)).resolve("/");
        Path dumpDir = report != null && report.toAbsolutePath().getParent() != null ? report.toAbsolutePath().getParent() : stackDir;
        RegistryWatch watch = new RegistryWatch(Readiness.registryProbe(registryBase), pidOf(stackDir, "registry"), dumpDir, out,
                RegistryWatch.SLOW).start(Duration.ofSeconds(1));
        try {
            body.run();
        } finally {
            watch.close();
            String line = watch.summary();
            out.printf(Locale.ROOT, "%-58s %s%n", "registry watch", line);
            results.put("registry watch", line);
            keyFigures.put("registry probes slow or failed", watch.troubledProbes());
        }
    }

    @FunctionalInterface
    private interface BenchBody {
        void run() throws Exception;
    }

    /** The pid a stack component's pid file names, when the file exists and the process is alive. */
    private static OptionalLong pidOf(Path stackDir, String component) throws IOException {
        Path pidFile = stackDir.resolve("run").resolve(component + ".pid");
        if (!Files.exists(pidFile)) return OptionalLong.empty();
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        return Files.isReadable(Path.of("/proc/" + pid + "/stat")) ? OptionalLong.of(pid) : OptionalLong.empty();
    }

    /** The broker's and the registry's share of the run: CPU since they started (with the run) and resident memory now. */
    private void stackProcesses(Path stackDir) throws IOException {
        for (String component : List.of("kafka", "registry")) {
            OptionalLong found = pidOf(stackDir, component);
            if (found.isEmpty()) continue;
            long pid = found.getAsLong();
            String line = String.format(Locale.ROOT, "CPU %.1f s since start, resident %d MB", AppProcess.cpuSeconds(pid), AppProcess.residentMb(pid));
            out.printf(Locale.ROOT, "%-58s %s%n", component + " process", line);
            results.put(component + " process", line);
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private void createScratchTopics(String... prefixes) throws Exception {
        try (Admin admin = Admin.create(config.clientConfig())) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            List<String> scratch = new ArrayList<>();
            for (String prefix : prefixes) {
                for (String input : INPUT_TOPICS) scratch.add(prefix + "." + input);
            }
            for (String t : scratch) {
                if (!existing.contains(t)) missing.add(new NewTopic(t, config.getInt(AppConfig.TOPIC_PARTITIONS), (short) config.getInt(AppConfig.TOPIC_REPLICATION)));
            }
            if (!missing.isEmpty()) admin.createTopics(missing).all().get();
        }
    }

    private Map<String, Object> producerProps() {
        Map<String, Object> p = new HashMap<>(config.clientConfig());
        p.put("linger.ms", 5);
        p.put("batch.size", 256 * 1024);
        return p;
    }

    private Map<String, Object> consumerProps() {
        Map<String, Object> p = new HashMap<>(config.clientConfig());
        p.put("isolation.level", "read_committed");
        p.put("enable.auto.commit", "false");
        p.put("max.poll.records", 5000);
        return p;
    }

    private <V> Serializer<V> avroSerializer() {
        return RegistryClients.serializer(config);
    }

    private <V> Deserializer<V> avroDeserializer() {
        return RegistryClients.deserializer(config);
    }

    private void write(Path file) throws IOException {
        StringBuilder md = new StringBuilder("| figure | value |\n|---|---|\n");
        results.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        if (!keyFigures.isEmpty()) md.append(keyFigures.markdown());
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, md.toString());
        out.println("results written to " + file);
    }
}
