package io.supplyshock.exposure;

import io.supplyshock.schema.Contribution;
import io.supplyshock.schema.ExposureProfile;
import io.supplyshock.schema.ExposureRow;
import io.supplyshock.schema.Severity;
import io.supplyshock.schema.internal.ScoredShock;
import io.supplyshock.testing.StageDriver;
import io.supplyshock.topics.StoreNames;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

import static io.supplyshock.testing.Events.profile;
import static io.supplyshock.testing.Shocks.measure;
import static io.supplyshock.testing.Shocks.relief;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * A commodity's shocks kept as one store entry per contribution: a shock writes its own entry and those it
 * changes, never the commodity's list, and the entries keep the list's order, cap and verdicts.
 */
class ShockContributionsTest {

    private static final String CHANGELOG = "supplyshock-test-" + StoreNames.SHOCK_CONTRIBUTIONS + "-changelog";
    private static final Instant PUBLISHED = Instant.parse("2020-01-01T00:00:00Z");
    @AutoClose
    private final StageDriver stage = new StageDriver();
    private final TestInputTopic<String, ExposureProfile> profiles;
    private final TestInputTopic<String, ScoredShock> shocks;
    private final TestOutputTopic<String, ExposureRow> rows;
    private final TestOutputTopic<String, byte[]> changelog;

    ShockContributionsTest() {
        var profileChanges = stage.stream("exposure-profiles", stage.topics.exposureProfileSerde());
        var shockStream = stage.stream("shocks", stage.topics.shockSerde());
        ExposureTopology.build(stage.builder, stage.topics, profileChanges, shockStream, 3);
        profiles = stage.input("exposure-profiles", stage.topics.exposureProfileSerde());
        shocks = stage.input("shocks", stage.scoredShocks);
        rows = stage.output(stage.topics.exposures());
        changelog = stage.output(CHANGELOG, Serdes.ByteArray());
        ExposureProfile acme = profile("acme", "Acme", "rare_earths", null, 0.6);
        profiles.pipeInput(acme.getProfileId(), acme, PUBLISHED);
    }

    @Test
    void keysNameSlotsAndANewContributionTakesTheLowestFree() {
        assertThat(new ContributionKey("rare_earths", 7).value()).isEqualTo("rare_earths|07");
        assertThat(ContributionKey.firstFree("x", List.of("x|00", "x|02", "x|0000000000000000001|old", "xy|01")))
                .isEqualTo(new ContributionKey("x", 1));
        List<String> all = IntStream.range(0, Exposures.MAX_CONTRIBUTIONS).mapToObj(i -> new ContributionKey("x", i).value()).toList();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ContributionKey.firstFree("x", all))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("50 contribution slots of x");
    }

    @Test
    void aShockWritesItsOwnContributionAndAReliefAlsoTheOneItEnds() {
        ScoredShock licence = measure("licence", "rare_earths", "CN", "EXPORT_LICENCE", 77, Severity.HIGH, "CN_REE", "2025-10-09").build();
        pipe(measure("floor", "rare_earths", "US", "PRICE_FLOOR", 21, Severity.LOW, "G7_FLOOR", "2025-06-01").build());
        pipe(licence);
        assertThat(changelog.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("rare_earths|00", "rare_earths|01");

        pipe(relief("pause", licence, 48, Severity.MEDIUM, "2025-11-01").build());

        assertThat(changelog.readKeyValuesToList()).extracting(kv -> kv.key).containsExactlyInAnyOrder("rare_earths|01", "rare_earths|02");
        assertThat(stored("rare_earths")).extracting(kv -> kv.value.getEventId(), kv -> kv.value.getActive())
                .containsExactly(tuple("floor", true), tuple("licence", false), tuple("pause", true));
    }

    @Test
    void pastTheCapANewShockTakesTheSlotOfTheEarliestSoEachWritesOneRecordAndNoTombstone() {
        int count = Exposures.MAX_CONTRIBUTIONS + 5;
        IntStream.range(0, count).forEach(i -> pipe(shock(i)));

        List<String> kept = IntStream.range(5, count).mapToObj(ShockContributionsTest::id).toList();
        assertThat(stored("rare_earths")).extracting(kv -> kv.value.getEventId()).containsExactlyInAnyOrderElementsOf(kept);
        List<KeyValue<String, byte[]>> written = changelog.readKeyValuesToList();
        assertThat(written).hasSize(count).allSatisfy(kv -> assertThat(kv.value).isNotNull());
        // The five past the cap went into the slots of the five earliest.
        assertThat(written.subList(Exposures.MAX_CONTRIBUTIONS, count)).extracting(kv -> kv.key)
                .containsExactly("rare_earths|00", "rare_earths|01", "rare_earths|02", "rare_earths|03", "rare_earths|04");
        // Every record is one contribution, however many the commodity holds.
        assertThat(written.stream().mapToInt(kv -> kv.value.length).max().orElseThrow()).isLessThan(60);
        assertThat(latestRow().getContributions()).extracting(Contribution::getEventId).containsExactlyElementsOf(kept);
    }

    @Test
    void aStoreKeyedByArrivalSequenceBeforeSlotsIsReadAndItsKeysReused() {
        KeyValueStore<String, Contribution> store = stage.driver().getKeyValueStore(StoreNames.SHOCK_CONTRIBUTIONS);
        for (int i = 0; i < Exposures.MAX_CONTRIBUTIONS; i++) {
            store.put(legacyKey(i), Exposures.addShock(io.supplyshock.topics.Shock.fromAvro(shock(i)), List.of()).getFirst());
        }
        // The store's cache reaches the changelog at the next commit, which any record brings.
        ExposureProfile other = profile("other", "Other", "cobalt", null, 0.5);
        profiles.pipeInput(other.getProfileId(), other, PUBLISHED);
        changelog.readKeyValuesToList();
        rows.readKeyValuesToList();

        pipe(shock(Exposures.MAX_CONTRIBUTIONS));

        assertThat(changelog.readKeyValuesToList()).extracting(kv -> kv.key, kv -> kv.value == null)
                .containsExactly(tuple(legacyKey(0), false));
        assertThat(latestRow().getContributions()).extracting(Contribution::getEventId)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, Exposures.MAX_CONTRIBUTIONS).mapToObj(ShockContributionsTest::id).toList());
    }

    private static String legacyKey(int i) {
        return String.format(Locale.ROOT, "rare_earths|%019d|%s", i, id(i));
    }

    @Test
    void aRedeliveredShockWritesNothingAndARescoredOneRewritesItsOwnEntryInPlace() {
        IntStream.range(0, 3).forEach(i -> pipe(shock(i)));
        changelog.readKeyValuesToList();
        rows.readKeyValuesToList();

        pipe(shock(2));
        pipe(shock(0));
        assertThat(changelog.isEmpty()).isTrue();
        assertThat(rows.isEmpty()).isTrue();

        ScoredShock rescored = ScoredShock.newBuilder(shock(0)).setScore(90).setSeverity(Severity.CRITICAL).build();
        pipe(rescored);
        assertThat(changelog.readKeyValuesToList()).extracting(kv -> kv.key, kv -> kv.value == null)
                .containsExactly(tuple("rare_earths|00", false));
        ExposureRow row = latestRow();
        assertThat(row.getContributions()).extracting(Contribution::getEventId, Contribution::getScore)
                .containsExactly(tuple(id(0), 90), tuple(id(1), 31), tuple(id(2), 32));
        assertThat(row.getCommodityShockScore()).isEqualTo(90);
    }

    @Test
    void theRowIsTheSameWhicheverOrderItsShocksArriveIn() {
        // Shocks of one commodity come from several input topics, so a replay may interleave them otherwise.
        int count = Exposures.MAX_CONTRIBUTIONS + 4;
        List<ScoredShock> inOrder = IntStream.range(0, count).mapToObj(ShockContributionsTest::shock).toList();
        List<ScoredShock> shuffled = new ArrayList<>(inOrder);
        java.util.Collections.shuffle(shuffled, new java.util.Random(19));
        assertThat(shuffled).isNotEqualTo(inOrder);

        inOrder.forEach(this::pipe);
        ExposureRow expected = latestRow();
        ShockContributionsTest other = new ShockContributionsTest();
        try {
            shuffled.forEach(other::pipe);
            // Each arrival writes the row it changes; the last one written is what a table consumer keeps.
            assertThat(other.latestRow()).isEqualTo(expected);
        } finally {
            other.stage.close();
        }
        assertThat(expected.getContributions()).extracting(Contribution::getEventId)
                .containsExactlyElementsOf(IntStream.range(4, count).mapToObj(ShockContributionsTest::id).toList());
    }

    @Test
    void aLateShockOlderThanTheFiftyKeptChangesNothing() {
        IntStream.range(1, Exposures.MAX_CONTRIBUTIONS + 1).forEach(i -> pipe(shock(i)));
        changelog.readKeyValuesToList();
        rows.readKeyValuesToList();

        pipe(shock(0));

        assertThat(changelog.isEmpty()).isTrue();
        assertThat(rows.isEmpty()).isTrue();
    }

    private static String id(int i) {
        return String.format(Locale.ROOT, "s%02d", i);
    }

    private static ScoredShock shock(int i) {
        return measure(id(i), "rare_earths", "CN", "EXPORT_LICENCE", 30 + i, Severity.LOW, "G" + i,
                LocalDate.parse("2025-01-01").plusDays(i).toString()).build();
    }

    private void pipe(ScoredShock shock) {
        shocks.pipeInput(shock.getCommodity(), shock, shock.getEventTime());
    }

    private ExposureRow latestRow() {
        List<KeyValue<String, ExposureRow>> all = rows.readKeyValuesToList();
        return all.getLast().value;
    }

    private List<KeyValue<String, Contribution>> stored(String commodity) {
        KeyValueStore<String, Contribution> store = stage.driver().getKeyValueStore(StoreNames.SHOCK_CONTRIBUTIONS);
        List<KeyValue<String, Contribution>> found = new ArrayList<>();
        try (KeyValueIterator<String, Contribution> it = store.prefixScan(ContributionKey.prefix(commodity), Serdes.String().serializer())) {
            it.forEachRemaining(found::add);
        }
        return found;
    }
}
