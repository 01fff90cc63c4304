package io.supplyshock.benchmarks;

import io.supplyshock.profiles.WorldBaselineFile;
import io.supplyshock.schema.CommodityState;
import io.supplyshock.schema.CommoditySupplyProfile;
import io.supplyshock.schema.MarketEvent;
import io.supplyshock.schema.MarketMetric;
import io.supplyshock.schema.Provenance;
import io.supplyshock.schema.internal.StatePart;
import io.supplyshock.state.CommodityStates;
import io.supplyshock.state.Fact;
import io.supplyshock.state.StateParts;
import io.supplyshock.topics.CompiledDatumWriter;
import io.supplyshock.topics.PlainAvroSerdes;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What one market price costs the state stage to write: before issue 19 the fold's whole new state was encoded
 * (twice: the versioned store and the state topic); now only the parts it changed are. The state is the shipped
 * baseline of copper with 40 observation series, a busy commodity; each call folds one price of one series.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = Settings.FORKS, jvmArgsAppend = {Settings.HEAP, Settings.HEAP_MAX, Settings.GC, Settings.GC_THREADS, Settings.PRE_TOUCH, Settings.SYNC_COMPILE})
@Warmup(iterations = Settings.WARMUP_ITERATIONS, time = 1)
@Measurement(iterations = Settings.MEASURED_ITERATIONS, time = 1)
public class StateWriteBenchmarks {

    private CommodityState copper;
    private Serde<CommodityState> stateSerde;
    private Serde<StatePart> partSerde;
    private Map<String, SpecificRecord> copperParts;
    private MarketEvent[] prices;
    private int next;
    private final DatumWriter<CommodityState> avroWriter = new SpecificDatumWriter<>(CommodityState.getClassSchema());
    private final DatumWriter<CommodityState> compiledWriter = new CompiledDatumWriter<>(CommodityState.getClassSchema());
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(16 * 1024);
    private BinaryEncoder encoder;

    @Setup
    public void setUp() {
        CommoditySupplyProfile baseline = WorldBaselineFile.byCommodity(WorldBaselineFile.bundled()).get("copper");
        CommodityState state = CommodityStates.apply(CommodityStates.empty("copper"),
                new Fact.Profile(baseline, baseline.getAsOf().atStartOfDay(ZoneOffset.UTC).toInstant())).state();
        prices = new MarketEvent[40];
        for (int i = 0; i < prices.length; i++) {
            prices[i] = MarketEvent.newBuilder().setEventId("p" + i).setCommodity("copper").setMetric(MarketMetric.PRICE)
                    .setRawSubtype("price_series_" + i).setSourceKind("price").setValue(9000.0 + i).setUnit("usd_per_tonne")
                    .setEventTime(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i))
                    .setProvenance(Provenance.newBuilder().setSourceId("p" + i).setAlsoIn(List.of()).setEntities(List.of()).build()).build();
            state = CommodityStates.apply(state, new Fact.Market(prices[i])).state();
        }
        copper = StateParts.canonical(state);
        copperParts = StateParts.of(copper);
        PlainAvroSerdes serdes = new PlainAvroSerdes();
        stateSerde = serdes.valueSerde(CommodityState.class);
        partSerde = serdes.valueSerde(StatePart.class);
    }

    private Fact nextPrice() {
        MarketEvent e = prices[next++ % prices.length];
        return new Fact.Market(MarketEvent.newBuilder(e).setValue(e.getValue() + 1).setEventTime(e.getEventTime().plusSeconds(3600)).build());
    }

    /**
     * Before: the fold, then the whole state encoded once (the old code encoded it twice per fact). Its forks split
     * about evenly between two steady states (about 38 and 60 ops/ms): only more forks narrow its mean.
     */
    @Benchmark
    @Fork(Settings.FORKS_OF_A_BIMODAL_BENCHMARK)
    public int foldAndEncodeTheWholeState() {
        CommodityState after = CommodityStates.apply(copper, nextPrice()).state();
        return stateSerde.serializer().serialize("s", after).length;
    }

    /**
     * Now: the fold, the parts it changed, each encoded with the header riding on it (the observation), and its
     * previous value for the history.
     */
    @Benchmark
    public int foldAndEncodeTheChangedParts() {
        CommodityState after = CommodityStates.apply(copper, nextPrice()).state();
        int bytes = 0;
        var header = StateParts.header(after, after.getUpdatedAt(), java.time.Instant.EPOCH, 0);
        for (Map.Entry<String, SpecificRecord> change : StateParts.changes(copper, after).entrySet()) {
            bytes += partSerde.serializer().serialize("p", new StatePart(change.getValue(), header)).length;
            bytes += partSerde.serializer().serialize("h", new StatePart(copperParts.get(change.getKey()), null)).length;
        }
        return bytes;
    }

    /**
     * The encoding alone, of copper's whole state (shares, demand, 40 observation series: about 5 KB), into a reused
     * buffer: Avro's own writer against the compiled one the serializers use, the same bytes
     * ({@code CompiledDatumWriterTest}).
     */
    @Benchmark
    public int encodeTheWholeStateWithAvrosWriter() throws IOException {
        return encodeCopper(avroWriter);
    }

    @Benchmark
    public int encodeTheWholeStateCompiled() throws IOException {
        return encodeCopper(compiledWriter);
    }

    private int encodeCopper(DatumWriter<CommodityState> writer) throws IOException {
        buffer.reset();
        encoder = EncoderFactory.get().binaryEncoder(buffer, encoder);
        writer.write(copper, encoder);
        encoder.flush();
        return buffer.size();
    }
}
