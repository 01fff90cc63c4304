package io.supplyshock.benchmarks;

import io.supplyshock.state.CommodityStates;
import io.supplyshock.state.Fact;
import io.supplyshock.events.Vocabulary;
import io.supplyshock.exposure.Exposures;
import io.supplyshock.profiles.WorldBaselineFile;
import io.supplyshock.schema.CommodityState;
import io.supplyshock.schema.CommoditySupplyProfile;
import io.supplyshock.schema.Contribution;
import io.supplyshock.schema.ExposureProfile;
import io.supplyshock.schema.ExposureRole;
import io.supplyshock.schema.PartialDate;
import io.supplyshock.schema.DatePrecision;
import io.supplyshock.schema.PolicyAction;
import io.supplyshock.schema.PolicyEvent;
import io.supplyshock.schema.PolicyInstrument;
import io.supplyshock.schema.Provenance;
import io.supplyshock.schema.ShockDirection;
import io.supplyshock.schema.Severity;
import io.supplyshock.scoring.Knowledge;
import io.supplyshock.scoring.SeverityModel;
import io.supplyshock.topics.PlainAvroSerdes;
import io.supplyshock.topics.Shock;
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

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The code every record passes through: vocabulary mapping, severity scoring against the shipped baseline, the
 * exposure row of one profile, and an Avro round trip of a policy event (the reference the others are read
 * against: the serde work every record pays anyway).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = Settings.FORKS, jvmArgsAppend = {Settings.HEAP, Settings.HEAP_MAX, Settings.GC, Settings.GC_THREADS, Settings.PRE_TOUCH, Settings.SYNC_COMPILE})
@Warmup(iterations = Settings.WARMUP_ITERATIONS, time = 1)
@Measurement(iterations = Settings.MEASURED_ITERATIONS, time = 1)
public class HotPathBenchmarks {

    private static final String[] SUBTYPES = {"export_license", "tariff_raise", "export_control_pause", "stockpile_purchase",
            "price_floor", "equity_stake", "export_ban", "license_revocation", "tariff_exemption_quota", "never_seen_before"};

    private PolicyEvent ban;
    private Knowledge cobalt;
    private ExposureProfile profile;
    private List<Contribution> shocks;
    private Serde<PolicyEvent> serde;
    private byte[] encoded;
    private int next;

    @Setup
    public void setUp() {
        CommoditySupplyProfile baseline = WorldBaselineFile.byCommodity(WorldBaselineFile.bundled()).get("cobalt");
        CommodityState state = CommodityStates.apply(CommodityStates.empty("cobalt"),
                new Fact.Profile(baseline, baseline.getAsOf().atStartOfDay(ZoneOffset.UTC).toInstant())).state();
        LocalDate on = LocalDate.of(2025, 2, 1);
        cobalt = Knowledge.of(state, on);
        ban = PolicyEvent.newBuilder().setEventId("bench").setCommodity("cobalt").setInstrument(PolicyInstrument.EXPORT_BAN)
                .setAction(PolicyAction.IMPOSE).setRawSubtype("export_ban").setIssuerCountry("CD").setTargetCountries(List.of())
                .setEffectiveDate(PartialDate.newBuilder().setDate(on).setPrecision(DatePrecision.MONTH).setRaw("2025-02").build())
                .setEventTime(on.atStartOfDay(ZoneOffset.UTC).toInstant())
                .setProvenance(Provenance.newBuilder().setSourceId("bench").setAlsoIn(List.of()).setEntities(List.of()).build())
                .build();
        profile = ExposureProfile.newBuilder().setProfileId("maker|cobalt|").setEntityId("maker").setEntityName("Maker")
                .setEntityType("company").setCommodity("cobalt").setWeight(0.7).setRole(ExposureRole.CONSUMER).build();
        List<Contribution> all = List.of();
        for (int i = 0; i < 50; i++) {
            all = Exposures.addShock(shock("s" + i, i % 3 == 0 ? "CD" : "CN", 30 + i), all);
        }
        shocks = all;
        serde = new PlainAvroSerdes().valueSerde(PolicyEvent.class);
        encoded = serde.serializer().serialize("supply.policy-events", ban);
    }

    private static Shock shock(String id, String issuer, int score) {
        return Shock.builder().eventId(id).kind(Shock.Kind.POLICY).commodity("cobalt").issuerCountry(issuer)
                .instrument(new Shock.Instrument.Policy(PolicyInstrument.EXPORT_BAN)).action(PolicyAction.IMPOSE)
                .direction(ShockDirection.ESCALATION).score(score).severity(Severity.LOW).dedupKey(id)
                .eventTime(Instant.parse("2025-01-01T00:00:00Z"))
                .explanation(io.supplyshock.schema.Explanation.newBuilder().setSummary(id).setInputs(new ArrayList<>())
                        .setSourceEventIds(List.of(id)).build())
                .build();
    }

    @Benchmark
    public Object avroRoundTripOfAPolicyEvent() {
        return serde.deserializer().deserialize("supply.policy-events", serde.serializer().serialize("supply.policy-events", ban));
    }

    /**
     * The widest of the two-state benchmarks (about 1,200 and 2,200 ops/ms on the build machine, whatever the warm-up):
     * more iterations cannot narrow its mean, only more forks.
     */
    @Benchmark
    @Fork(Settings.FORKS_OF_A_BIMODAL_BENCHMARK)
    public Object avroDecodeOfAPolicyEvent() {
        return serde.deserializer().deserialize("supply.policy-events", encoded);
    }

    @Benchmark
    public Object vocabularyMapping() {
        return Vocabulary.policy(SUBTYPES[next++ % SUBTYPES.length], 50.0, 20.0);
    }

    @Benchmark
    public Object severityOfAnExportBanAgainstTheBaseline() {
        return SeverityModel.scorePolicy(ban, cobalt, List.of(), SeverityModel.DEFAULT_CONCENTRATION_CAP_PCT);
    }

    @Benchmark
    public Object exposureRowOfOneProfileAgainstFiftyShocks() {
        return Exposures.row(profile, shocks);
    }
}
