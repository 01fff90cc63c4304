package io.supplyshock.publish;

import io.supplyshock.events.ReferenceLineMapper;
import io.supplyshock.events.LineResult;
import io.supplyshock.events.UndatedPolicy;

import io.supplyshock.profiles.WorldBaselineFile;
import io.supplyshock.testing.AvroFixtures;
import io.supplyshock.testing.ReferenceData;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pipeline's tests read the sample data as Avro fixtures, because its module cannot depend on the
 * publishers. This maps the sample data and the bundled baseline as the publishers do and fails when the
 * committed fixtures say anything else. {@code -Dsupplyshock.fixtures.update=true} rewrites them.
 */
class SeedFixturesTest {

    private static final Path ROOT = Path.of(System.getProperty("supplyshock.project.root", ".."));

    @Test
    void seedEventFixtureIsWhatThePublisherSends() throws IOException {
        ReferenceLineMapper mapper = new ReferenceLineMapper(UndatedPolicy.PUBLISH_TIME, ReferenceData.PUBLISH_TIME);
        List<String> lines = Files.readAllLines(ReferenceData.seedEventsFile(), StandardCharsets.UTF_8);
        List<LineResult.Mapped> mapped = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) continue;
            if (mapper.map(lines.get(i), i + 1) instanceof LineResult.Mapped m) mapped.add(m);
        }
        JsonlPublisher.sortInPublishOrder(mapped);
        List<String> expected = AvroFixtures.eventLines(mapped.stream()
                .map(m -> new AvroFixtures.SeedEvent(m.eventId(), m.topic(), m.key(), m.value(), m.eventTime())).toList());
        assertThat(expected).hasSizeGreaterThan(150);
        checkOrUpdate(AvroFixtures.SEED_EVENTS, expected);
    }

    @Test
    void worldBaselineFixtureIsTheBundledBaseline() throws IOException {
        List<String> expected = AvroFixtures.profileLines(WorldBaselineFile.bundled());
        assertThat(expected).hasSizeGreaterThan(10);
        checkOrUpdate(AvroFixtures.WORLD_BASELINE, expected);
    }

    private static void checkOrUpdate(String fixture, List<String> expected) throws IOException {
        Path committed = AvroFixtures.sourceFile(ROOT, fixture);
        if (Boolean.getBoolean("supplyshock.fixtures.update")) {
            AvroFixtures.write(committed, expected);
        }
        List<String> actual = Files.exists(committed) ? Files.readAllLines(committed, StandardCharsets.UTF_8) : List.of();
        assertThat(actual)
                .as("%s is stale: rerun this test with -Dsupplyshock.fixtures.update=true and commit the file", committed)
                .isEqualTo(expected);
    }
}
