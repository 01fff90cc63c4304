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
        var profileTable = stage.table("exposure-profiles", stage.topics.exposureProfileSerde());
        var shockStream = stage.stream("shocks", stage.topics.shockSerde());
        ExposureTopology.build(stage.builder, stage.topics, profileTable, shockStream, 3);
        profiles = stage.input("exposure-profiles", stage.topics.exposureProfileSerde());
        shocks = stage.input("shocks", stage.scoredShocks);
        rows = stage.output(stage.topics.exposures());
        changelog = stage.output(CHANGELOG, Serdes.ByteArray());
        ExposureProfile acme = profile("acme", "Acme", "rare_earths", null, 0.6);
        profiles.pipeInput(acme.getProfileId(), acme, PUBLISHED);
    }

    @Test
    void keysKeepTheArrivalOrderAndReadBackWhatTheyHold() {
        ContributionKey key = new ContributionKey("rare_earths", 12, "licence|2");
        assertThat(key.value()).isEqualTo("rare_earths|0000000000000000012|licence|2");
        assertThat(ContributionKey.parse(key.value())).isEqualTo(key);
        assertThat(List.of(new ContributionKey("x", 10, "a").value(), new ContributionKey("x", 9, "b").value()).stream().sorted())
                .extracting(k -> ContributionKey.parse(k).sequence()).containsExactly(9L, 10L);
    }

    @Test
    void aShockWritesItsOwnContributionAndAReliefAlsoTheOneItEnds() {
        ScoredShock licence = measure("licence", "rare_earths", "CN", "EXPORT_LICENCE", 77, Severity.HIGH, "CN_REE", "2025-10-09").build();
        pipe(measure("floor", "rare_earths", "US", "PRICE_FLOOR", 21, Severity.LOW, "G7_FLOOR", "2025-06-01").build());
        pipe(licence);
        assertThat(changelog.readKeyValuesToList()).extracting(kv -> kv.key)
                .containsExactly("rare_earths|0000000000000000000|floor", "rare_earths|0000000000000000001|licence");

        pipe(relief("pause", licence, 48, Severity.MEDIUM, "2025-11-01").build());

        assertThat(changelog.readKeyValuesToList()).extracting(kv -> kv.key)
                .containsExactlyInAnyOrder("rare_earths|0000000000000000001|licence", "rare_earths|0000000000000000002|pause");
        assertThat(stored("rare_earths")).extracting(kv -> kv.value.getEventId(), kv -> kv.value.getActive())
                .containsExactly(tuple("floor", true), tuple("licence", false), tuple("pause", true));
    }

    @Test
    void theNewestFiftyAreKeptAndTheOldestDeletedEachWriteOneContribution() {
        int count = Exposures.MAX_CONTRIBUTIONS + 5;
        IntStream.range(0, count).forEach(i -> pipe(shock(i)));

        assertThat(stored("rare_earths")).extracting(kv -> kv.value.getEventId())
                .containsExactlyElementsOf(IntStream.range(5, count).mapToObj(ShockContributionsTest::id).toList());
        List<KeyValue<String, byte[]>> written = changelog.readKeyValuesToList();
        assertThat(written.stream().filter(kv -> kv.value == null)).extracting(kv -> ContributionKey.parse(kv.key).eventId())
                .containsExactly(id(0), id(1), id(2), id(3), id(4));
        assertThat(written.stream().filter(kv -> kv.value != null)).hasSize(count);
        // Every record is one contribution, however many the commodity holds.
        assertThat(written.stream().filter(kv -> kv.value != null).mapToInt(kv -> kv.value.length).max().orElseThrow()).isLessThan(60);
        assertThat(latestRow().getContributions()).extracting(Contribution::getEventId)
                .containsExactlyElementsOf(IntStream.range(5, count).mapToObj(ShockContributionsTest::id).toList());
    }

    @Test
    void aRedeliveredShockMovesToTheEndAndARepeatOfTheNewestWritesNothing() {
        IntStream.range(0, 3).forEach(i -> pipe(shock(i)));
        changelog.readKeyValuesToList();
        rows.readKeyValuesToList();

        pipe(shock(2));
        assertThat(changelog.isEmpty()).isTrue();
        assertThat(rows.isEmpty()).isTrue();

        pipe(shock(0));
        assertThat(changelog.readKeyValuesToList()).extracting(kv -> kv.key, kv -> kv.value == null)
                .containsExactlyInAnyOrder(tuple("rare_earths|0000000000000000000|" + id(0), true),
                        tuple("rare_earths|0000000000000000003|" + id(0), false));
        assertThat(latestRow().getContributions()).extracting(Contribution::getEventId).containsExactly(id(1), id(2), id(0));
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
