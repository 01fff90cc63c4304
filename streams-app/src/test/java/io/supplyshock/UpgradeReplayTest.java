package io.supplyshock;

import io.supplyshock.schema.Alert;
import io.supplyshock.schema.CommodityState;
import io.supplyshock.schema.ExposureProfile;
import io.supplyshock.schema.ExposureRole;
import io.supplyshock.schema.ExposureRow;
import io.supplyshock.schema.Storyline;
import io.supplyshock.testing.PipelineDriver;
import io.supplyshock.testing.ReferenceData;
import io.supplyshock.topics.Topics;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An upgrade that changes store formats moves by replaying the input topics under a new application id
 * (docs/operations-and-fleet.md#upgrading). This pins what such a replay must rebuild: the alerts, the final exposure
 * rows and the final commodity states of the reference input (world baseline, seed news, exposure profiles on
 * every seed commodity), as the release before the incremental state wrote them. The golden file was written by
 * that release (0.18, 29412a3), then rewritten once when states became lists in canonical order (measures and
 * observations by time, then event id, instead of arrival order): the same elements in four states, every alert
 * and row byte-identical. Rewritten again when storyline linking moved beside the alert ledger (issue 19): an alert's
 * storylineSequence and relatedAlertIds count its storyline on its own commodity, which changed them in the 9 alerts
 * of storylines that span commodities (every other field byte-identical), and the whole storylines, now on
 * supply.storylines, were added. Rewritten a third time when a row's contributions came in event-time order instead
 * of arrival order (arrival across input topics differs between runs): the same contributions in 2 rows, reordered.
 * A change of outputs must be deliberate and shows up as a diff of that file
 * ({@code -Dsupplyshock.golden.update=true} rewrites it).
 */
class UpgradeReplayTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden/seed-replay.txt");

    @Test
    void replayingTheInputsRebuildsTheAlertsRowsAndStatesOfTheReleaseBefore() throws IOException {
        List<String> replayed = replay();
        if (Boolean.getBoolean("supplyshock.golden.update")) {
            Files.createDirectories(GOLDEN.getParent());
            Files.write(GOLDEN, replayed, StandardCharsets.UTF_8);
        }
        List<String> golden = Files.readAllLines(GOLDEN, StandardCharsets.UTF_8);
        // Written beside the golden file for a diff when they differ (target/ is not committed).
        Files.write(Path.of("target/seed-replay.actual.txt"), replayed, StandardCharsets.UTF_8);
        assertThat(replayed).hasSizeGreaterThan(100);
        assertThat(replayed).containsExactlyElementsOf(golden);
    }

    static List<String> replay() {
        List<String> lines = new ArrayList<>();
        try (PipelineDriver pipeline = new PipelineDriver()) {
            pipeline.pipeBaseline();
            TreeSet<String> commodities = new TreeSet<>();
            ReferenceData.seedEvents().forEach(e -> commodities.add(e.key()));
            int i = 0;
            for (String commodity : commodities) {
                for (ExposureProfile p : profilesOf(commodity, i++)) pipeline.pipeProfile(p);
            }
            ReferenceData.seedEvents().forEach(pipeline::pipe);
            // Wall-clock punctuation (state emission, deadlines) gets its turn before the outputs are read.
            pipeline.driver.advanceWallClockTime(Duration.ofMinutes(1));
            for (Alert a : pipeline.alerts()) lines.add("alert " + describe(a));
            new TreeMap<>(pipeline.storylines()).forEach((id, story) -> lines.add("storyline " + id + " " + describe(story)));
            Map<String, ExposureRow> rows = new TreeMap<>(pipeline.exposures());
            rows.forEach((key, row) -> lines.add("row " + key + " " + describe(row)));
            for (String commodity : commodities) {
                CommodityState state = pipeline.latestState(commodity);
                lines.add("state " + commodity + " " + (state == null ? "none" : describe(state)));
            }
        }
        return lines;
    }

    /** Three profiles per commodity: a worldwide consumer, a consumer in one country, a producer in another. */
    private static List<ExposureProfile> profilesOf(String commodity, int n) {
        String[][] shapes = {{"consumer", null, "CONSUMER"}, {"maker", "US", "CONSUMER"}, {"miner", "CN", "PRODUCER"}};
        List<ExposureProfile> out = new ArrayList<>();
        for (String[] s : shapes) {
            String entity = s[0] + "-" + n;
            out.add(ExposureProfile.newBuilder().setProfileId(Topics.exposureKey(entity, commodity, s[1])).setEntityId(entity)
                    .setEntityName(entity).setEntityType("company").setCommodity(commodity).setCountry(s[1])
                    .setWeight(0.3 + 0.2 * out.size()).setRole(ExposureRole.valueOf(s[2])).build());
        }
        return out;
    }

    /** Every field except the wall-clock detection time, which differs per run by design. */
    private static String describe(Alert a) {
        return Alert.newBuilder(a).setDetectedAt(Instant.EPOCH).build().toString();
    }

    /** Every field except the wall-clock time of its last change. */
    private static String describe(Storyline story) {
        return Storyline.newBuilder(story).setUpdatedAt(Instant.EPOCH).build().toString();
    }

    private static String describe(ExposureRow row) {
        return row.toString();
    }

    private static String describe(CommodityState s) {
        return s.toString();
    }
}
