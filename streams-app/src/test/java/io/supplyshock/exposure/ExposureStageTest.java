package io.supplyshock.exposure;

import io.supplyshock.schema.AlertType;
import io.supplyshock.schema.Contribution;
import io.supplyshock.schema.ExposureProfile;
import io.supplyshock.schema.ExposureRow;
import io.supplyshock.schema.Severity;
import io.supplyshock.schema.internal.ScoredShock;
import io.supplyshock.testing.StageDriver;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.supplyshock.testing.Events.profile;
import static io.supplyshock.testing.Shocks.measure;
import static io.supplyshock.testing.Shocks.relief;
import static io.supplyshock.testing.Shocks.signal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * The exposure stage alone: the exposure-profile table and scored shocks (and signals) in; exposure rows, and
 * the shocks and signals with the entities they reach, out.
 */
class ExposureStageTest {

    private static final int TOP_AFFECTED = 2;
    private static final Instant PUBLISHED = Instant.parse("2020-01-01T00:00:00Z");
    private static final ScoredShock CN_LICENCE = measure("licence", "rare_earths", "CN", "EXPORT_LICENCE", 77, Severity.HIGH,
            "CN_REE", "2025-10-09").build();
    @AutoClose
    private final StageDriver stage = new StageDriver();
    private final TestInputTopic<String, ExposureProfile> profiles;
    private final TestInputTopic<String, ScoredShock> shocks;
    private final TestInputTopic<String, ScoredShock> signals;
    private final TestOutputTopic<String, ExposureRow> rows;
    private final TestOutputTopic<String, ScoredShock> reachingShocks;
    private final TestOutputTopic<String, ScoredShock> reachingSignals;

    ExposureStageTest() {
        var profileChanges = stage.stream("exposure-profiles", stage.topics.exposureProfileSerde());
        var shockStream = stage.stream("shocks", stage.topics.shockSerde());
        var signalStream = stage.stream("signals", stage.topics.shockSerde());
        ExposureTopology.Built built = ExposureTopology.build(stage.builder, stage.topics, profileChanges, shockStream, TOP_AFFECTED);
        stage.capture(built.reachingShocks(), "reaching-shocks", stage.topics.shockSerde());
        stage.capture(ExposureTopology.withAffectedEntities(stage.topics, signalStream, TOP_AFFECTED), "reaching-signals",
                stage.topics.shockSerde());
        profiles = stage.input("exposure-profiles", stage.topics.exposureProfileSerde());
        shocks = stage.input("shocks", stage.scoredShocks);
        signals = stage.input("signals", stage.scoredShocks);
        rows = stage.output(stage.topics.exposures());
        reachingShocks = stage.output("reaching-shocks", stage.scoredShocks);
        reachingSignals = stage.output("reaching-signals", stage.scoredShocks);
    }

    @Test
    void aShockGivesEveryProfileOfItsCommodityARowWeightedByTheProfile() {
        publish(profile("acme", "Acme", "rare_earths", null, 0.6));
        publish(profile("beta", "Beta", "rare_earths", null, 0.5));
        publish(profile("gamma", "Gamma", "copper", null, 0.9));
        pipe(CN_LICENCE);

        Map<String, ExposureRow> latest = latestRows();

        assertThat(latest.get("acme|rare_earths|")).extracting(ExposureRow::getCommodityShockScore, ExposureRow::getShockScore)
                .containsExactly(77, 46); // 77 x 0.6 = 46.2
        assertThat(latest.get("beta|rare_earths|")).extracting(ExposureRow::getCommodityShockScore, ExposureRow::getShockScore)
                .containsExactly(77, 39); // 77 x 0.5 = 38.5
        assertThat(latest.get("gamma|copper|").getShockScore()).isZero();
        assertThat(latest.get("acme|rare_earths|").getContributions()).extracting(Contribution::getEventId).containsExactly("licence");
    }

    @Test
    void aProfilePublishedAfterItsCommoditysShocksGetsTheSameRow() {
        pipe(CN_LICENCE);
        assertThat(rows.isEmpty()).isTrue();

        publish(profile("acme", "Acme", "rare_earths", null, 0.6));

        assertThat(latestRows().get("acme|rare_earths|").getShockScore()).isEqualTo(46);
    }

    @Test
    void aProfileLimitedToOneSupplierIsReachedOnlyByThatSuppliersShocks() {
        publish(profile("acme", "Acme", "rare_earths", "US", 0.6));
        publish(profile("acme", "Acme", "rare_earths", "CN", 0.6));
        pipe(CN_LICENCE);

        Map<String, ExposureRow> latest = latestRows();

        assertThat(latest.get("acme|rare_earths|US").getContributions()).isEmpty();
        assertThat(latest.get("acme|rare_earths|CN").getCommodityShockScore()).isEqualTo(77);
    }

    @Test
    void aReliefEndsTheContributionOfTheMeasureItPausesAndTheRowFallsToWhatRemains() {
        publish(profile("acme", "Acme", "rare_earths", null, 0.6));
        pipe(measure("floor", "rare_earths", "US", "PRICE_FLOOR", 21, Severity.LOW, "G7_FLOOR", "2025-06-01").build());
        pipe(CN_LICENCE);
        pipe(relief("pause", CN_LICENCE, 48, Severity.MEDIUM, "2025-11-01").build());

        ExposureRow row = latestRows().get("acme|rare_earths|");

        assertThat(row.getContributions()).extracting(Contribution::getEventId, Contribution::getActive)
                .containsExactly(tuple("floor", true), tuple("licence", false), tuple("pause", true));
        assertThat(row.getCommodityShockScore()).isEqualTo(21);
        assertThat(row.getShockScore()).isEqualTo(13);
    }

    @Test
    void aDeletedProfileTombstonesItsRow() {
        ExposureProfile acme = profile("acme", "Acme", "rare_earths", null, 0.6);
        publish(acme);
        pipe(CN_LICENCE);
        rows.readKeyValuesToList();

        profiles.pipeInput(acme.getProfileId(), null, PUBLISHED);

        assertThat(rows.readKeyValuesToList()).extracting(kv -> kv.key, kv -> kv.value)
                .containsExactly(tuple("acme|rare_earths|", null));
    }

    @Test
    void aRepublishedProfileWritesNoRowAndAChangedWeightWritesItsNewRow() {
        ExposureProfile acme = profile("acme", "Acme", "rare_earths", null, 0.6);
        publish(acme);
        pipe(CN_LICENCE);
        rows.readKeyValuesToList();

        publish(acme);
        profiles.pipeInput("nobody|rare_earths|", null, PUBLISHED);
        assertThat(rows.isEmpty()).isTrue();

        publish(profile("acme", "Acme", "rare_earths", null, 0.3));
        assertThat(rows.readKeyValuesToList()).extracting(kv -> kv.key, kv -> kv.value.getShockScore())
                .containsExactly(tuple("acme|rare_earths|", 23)); // 77 x 0.3 = 23.1
    }

    @Test
    void aShockThatPushesAContributionPastTheCapRewritesTheRowsOnlyThatContributionReached() {
        publish(profile("acme", "Acme", "rare_earths", "US", 0.6));
        ScoredShock usFloor = measure("floor", "rare_earths", "US", "PRICE_FLOOR", 40, Severity.MEDIUM, "US_FLOOR", "2024-01-01").build();
        pipe(usFloor);
        for (int i = 0; i < Exposures.MAX_CONTRIBUTIONS; i++) {
            pipe(measure("cn" + i, "rare_earths", "CN", "EXPORT_LICENCE", 30, Severity.LOW, "CN" + i,
                    java.time.LocalDate.parse("2025-01-01").plusDays(i).toString()).build());
        }

        ExposureRow live = latestRows().get("acme|rare_earths|US");

        // The row a profile published after all those shocks gets: the floor fell out of the 50 kept.
        assertThat(live.getContributions()).isEmpty();
        assertThat(live.getShockScore()).isZero();
    }

    @Test
    void theQueryableRowsAreTheExposuresTopicReadBack() {
        publish(profile("acme", "Acme", "rare_earths", null, 0.6));
        publish(profile("beta", "Beta", "rare_earths", null, 0.5));
        pipe(CN_LICENCE);
        profiles.pipeInput("beta|rare_earths|", null, PUBLISHED);

        var store = stage.driver().<String, ExposureRow>getKeyValueStore(io.supplyshock.topics.StoreNames.EXPOSURE_ROWS);

        assertThat(store.get("acme|rare_earths|").getShockScore()).isEqualTo(46);
        assertThat(store.get("beta|rare_earths|")).isNull();
        List<String> keys = new java.util.ArrayList<>();
        try (var all = store.all()) {
            all.forEachRemaining(kv -> keys.add(kv.key));
        }
        assertThat(keys).containsExactly("acme|rare_earths|");
    }

    @Test
    void shocksAndSignalsLeaveNamingTheMostExposedEntitiesTheyReachAndHowManyThereAre() {
        publish(profile("acme", "Acme", "rare_earths", null, 0.2));
        publish(profile("beta", "Beta", "rare_earths", null, 0.9));
        publish(profile("gamma", "Gamma", "rare_earths", "CN", 0.5));
        publish(profile("delta", "Delta", "rare_earths", "US", 1.0));
        pipe(CN_LICENCE);
        // A price spike the Chinese licence explains names China as its issuer.
        ScoredShock spike = signal("spike", "rare_earths", AlertType.PRICE_SPIKE, 83, Severity.CRITICAL,
                "signal:PRICE_SPIKE|rare_earths|-|2025-01-01", "2025-12-31").setIssuerCountry("CN").build();
        signals.pipeInput("rare_earths", spike, spike.getEventTime());

        ScoredShock shock = reachingShocks.readValue();
        ScoredShock signal = reachingSignals.readValue();

        assertThat(shock.getAffectedEntities()).containsExactly("Beta", "Gamma");
        assertThat(shock.getAffectedEntityCount()).isEqualTo(3); // Delta buys from the US only
        assertThat(signal.getAffectedEntities()).containsExactly("Beta", "Gamma");
        assertThat(signal.getAffectedEntityCount()).isEqualTo(3);
    }

    private void publish(ExposureProfile profile) {
        profiles.pipeInput(profile.getProfileId(), profile, PUBLISHED);
    }

    private void pipe(ScoredShock shock) {
        shocks.pipeInput(shock.getCommodity(), shock, shock.getEventTime());
    }

    /** The newest row of each key, as the compacted topic keeps it. */
    private Map<String, ExposureRow> latestRows() {
        Map<String, ExposureRow> latest = new LinkedHashMap<>();
        rows.readKeyValuesToList().forEach(kv -> latest.put(kv.key, kv.value));
        return latest;
    }
}
