package io.supplyshock.exposure;

import io.supplyshock.schema.Contribution;
import io.supplyshock.schema.ExposureProfile;
import io.supplyshock.schema.ExposureRow;
import io.supplyshock.schema.Severity;
import io.supplyshock.schema.internal.ContributionBlock;
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
import java.util.Objects;
import java.util.stream.IntStream;

import static io.supplyshock.testing.Events.profile;
import static io.supplyshock.testing.Shocks.measure;
import static io.supplyshock.testing.Shocks.relief;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * A commodity's shocks kept in slots, ten to a stored block: a shock writes the blocks of the slots it changes, never
 * the commodity's list, and the slots keep the list's order, cap and verdicts.
 */
class ShockContributionsTest {

    private static final String CHANGELOG = "supplyshock-test-" + StoreNames.SHOCK_CONTRIBUTION_BLOCKS + "-changelog";
    private static final Instant PUBLISHED = Instant.parse("2020-01-01T00:00:00Z");
    @AutoClose
    private final StageDriver stage = new StageDriver();
    private final TestInputTopic<String, ExposureProfile> profiles;
    private final TestInputTopic<String, ScoredShock> shocks;
    private final TestOutputTopic<String, ExposureRow> rows;
    private final TestOutputTopic<String, ContributionBlock> changelog;

    ShockContributionsTest() {
        var profileChanges = stage.stream("exposure-profiles", stage.topics.exposureProfileSerde());
        var shockStream = stage.stream("shocks", stage.topics.shockSerde());
        ExposureTopology.build(stage.builder, stage.topics, profileChanges, shockStream, 3);
        profiles = stage.input("exposure-profiles", stage.topics.exposureProfileSerde());
        shocks = stage.input("shocks", stage.scoredShocks);
        rows = stage.output(stage.topics.exposures());
        changelog = stage.output(CHANGELOG, stage.topics.contributionBlockSerde());
        ExposureProfile acme = profile("acme", "Acme", "rare_earths", null, 0.6);
        profiles.pipeInput(acme.getProfileId(), acme, PUBLISHED);
    }

    @Test
    void aShockWritesTheBlockOfItsSlotAndAReliefOneRecordForItselfAndTheOneItEnds() {
        ScoredShock licence = measure("licence", "rare_earths", "CN", "EXPORT_LICENCE", 77, Severity.HIGH, "CN_REE", "2025-10-09").build();
        pipe(measure("floor", "rare_earths", "US", "PRICE_FLOOR", 21, Severity.LOW, "G7_FLOOR", "2025-06-01").build());
        pipe(licence);
        // The test driver commits after every record, so each shock is a record of its own here.
        assertThat(changelog.readKeyValuesToList()).extracting(kv -> kv.key, kv -> eventIds(kv.value))
                .containsExactly(tuple("rare_earths|0", List.of("floor")), tuple("rare_earths|0", List.of("floor", "licence")));

        pipe(relief("pause", licence, 48, Severity.MEDIUM, "2025-11-01").build());

        // The relief changes two slots of one block (its own, and the licence it ends): one record.
        assertThat(changelog.readKeyValuesToList()).extracting(kv -> kv.key, kv -> eventIds(kv.value))
                .containsExactly(tuple("rare_earths|0", List.of("floor", "licence", "pause")));
        assertThat(stored("rare_earths")).extracting(Contribution::getEventId, Contribution::getActive)
                .containsExactlyInAnyOrder(tuple("floor", true), tuple("licence", false), tuple("pause", true));
    }

    @Test
    void pastTheCapANewShockTakesTheSlotOfTheEarliestSoEachWritesOneBlockAndNoTombstone() {
        int count = Exposures.MAX_CONTRIBUTIONS + 5;
        IntStream.range(0, count).forEach(i -> pipe(shock(i)));

        List<String> kept = IntStream.range(5, count).mapToObj(ShockContributionsTest::id).toList();
        assertThat(stored("rare_earths")).extracting(Contribution::getEventId).containsExactlyInAnyOrderElementsOf(kept);
        List<KeyValue<String, ContributionBlock>> written = changelog.readKeyValuesToList();
        assertThat(written).hasSize(count).allSatisfy(kv -> assertThat(kv.value).isNotNull());
        // Slots fill in turn, ten to a block; the five past the cap went into the slots of the five earliest.
        assertThat(written).extracting(kv -> kv.key).containsExactlyElementsOf(IntStream.range(0, count)
                .mapToObj(i -> "rare_earths|" + (i < Exposures.MAX_CONTRIBUTIONS ? i / StoredContributions.BLOCK_SIZE : 0)).toList());
        assertThat(eventIds(written.getLast().value)).containsExactly("s50", "s51", "s52", "s53", "s54", "s05", "s06", "s07", "s08", "s09");
        // A record is one block of ten, however many contributions the commodity holds.
        byte[] largest = written.stream().map(kv -> stage.topics.contributionBlockSerde().serializer().serialize(CHANGELOG, kv.value))
                .max(java.util.Comparator.comparingInt(b -> b.length)).orElseThrow();
        assertThat(largest.length).isLessThan(500);
        assertThat(latestRow().getContributions()).extracting(Contribution::getEventId).containsExactlyElementsOf(kept);
    }

    @Test
    void aProfileArrivingLaterMeetsTheContributionsReadBackFromTheBlocks() {
        int count = Exposures.MAX_CONTRIBUTIONS + 3;
        IntStream.range(0, count).forEach(i -> pipe(shock(i)));
        ExposureRow lastOfAcme = latestRow();

        ExposureProfile late = profile("late", "Late", "rare_earths", null, 0.2);
        profiles.pipeInput(late.getProfileId(), late, PUBLISHED);

        ExposureRow row = latestRow();
        assertThat(row.getEntityId()).isEqualTo("late");
        assertThat(row.getContributions()).isEqualTo(lastOfAcme.getContributions());
        assertThat(row.getCommodityShockScore()).isEqualTo(30 + count - 1);
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
        assertThat(changelog.readKeyValuesToList()).extracting(kv -> kv.key, kv -> eventIds(kv.value))
                .containsExactly(tuple("rare_earths|0", List.of(id(0), id(1), id(2))));
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

    private List<Contribution> stored(String commodity) {
        KeyValueStore<String, ContributionBlock> store = stage.driver().getKeyValueStore(StoreNames.SHOCK_CONTRIBUTION_BLOCKS);
        List<Contribution> found = new ArrayList<>();
        try (KeyValueIterator<String, ContributionBlock> it = store.prefixScan(StoredContributions.prefix(commodity), Serdes.String().serializer())) {
            it.forEachRemaining(kv -> kv.value.getContributions().stream().filter(Objects::nonNull).forEach(found::add));
        }
        return found;
    }

    /** The event ids in a block's slots, in slot order, the free slots left out. */
    private static List<String> eventIds(ContributionBlock block) {
        return block.getContributions().stream().filter(Objects::nonNull).map(Contribution::getEventId).toList();
    }
}
