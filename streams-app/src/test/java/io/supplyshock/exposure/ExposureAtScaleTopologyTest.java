package io.supplyshock.exposure;

import io.supplyshock.schema.Alert;
import io.supplyshock.schema.ExposureProfile;
import io.supplyshock.schema.ExposureRole;
import io.supplyshock.schema.ExposureRow;
import io.supplyshock.testing.PipelineDriver;
import io.supplyshock.testing.ReferenceData;
import io.supplyshock.topics.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many profiles on one commodity: the old design aggregated them into one record that broke past 1 MB and
 * recomputed every row per profile. Here each profile is its own record, a profile change emits its own row
 * only, a shock emits the rows it reaches, and an alert names the top entities and the count.
 */
class ExposureAtScaleTopologyTest {

    private static final int PROFILES = 6_000;

    @Test
    void aShockReachesEveryProfileOfItsCommodityAndAProfileChangeEmitsOneRow() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            TestOutputTopic<String, ExposureRow> rows = pipeline.driver.createOutputTopic(Topics.EXPOSURES,
                    Serdes.String().deserializer(), pipeline.topics.exposures().valueSerde().deserializer());
            for (int i = 0; i < PROFILES; i++) pipeline.pipeProfile(profile(i, i % 10 == 0 ? "US" : null));
            assertThat(rows.readRecordsToList()).hasSize(PROFILES);

            pipeline.pipe(ReferenceData.seedById().get("e47"));
            pipeline.pipe(ReferenceData.seedById().get("e1")); // CN's licence: reaches every profile not tied to US supply

            List<TestRecord<String, ExposureRow>> changed = rows.readRecordsToList();
            int reached = PROFILES - PROFILES / 10;
            assertThat(changed).hasSize(reached);
            assertThat(changed).allSatisfy(r -> {
                // 0.85 (licence) x 1.0 (impose) x 0.973 (CN 92% processing: 0.35 + 0.65 x sqrt(0.92)) x 1.0 (all destinations) x 0.95 (53 days) = 0.786
                assertThat(r.value().getCommodityShockScore()).isEqualTo(79);
                assertThat(r.value().getCountry()).isNull();
            });
            // the largest record written is one row, whatever the number of profiles
            assertThat(changed.stream().mapToInt(r -> pipeline.topics.exposures().valueSerde().serializer()
                    .serialize(Topics.EXPOSURES, r.value()).length).max().orElseThrow()).isLessThan(2_000);

            Alert alert = pipeline.shockAlerts().getFirst();
            assertThat(alert.getAffectedEntityCount()).isEqualTo(reached);
            assertThat(alert.getAffectedEntities()).hasSize(10)
                    .first().isEqualTo(name(PROFILES - 1)); // heaviest weight first

            pipeline.pipeProfile(profile(PROFILES, null)); // one more profile: one more row, not a recompute of all
            List<TestRecord<String, ExposureRow>> one = rows.readRecordsToList();
            assertThat(one).singleElement().satisfies(r -> assertThat(r.value().getCommodityShockScore()).isEqualTo(79));
        }
    }

    @Test
    void aDeletedProfileTombstonesItsRowAndLeavesTheOthersAlone() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            TestOutputTopic<String, ExposureRow> rows = pipeline.driver.createOutputTopic(Topics.EXPOSURES,
                    Serdes.String().deserializer(), pipeline.topics.exposures().valueSerde().deserializer());
            for (int i = 0; i < 3; i++) pipeline.pipeProfile(profile(i, null));
            rows.readRecordsToList();

            pipeline.pipeRaw(Topics.EXPOSURE_PROFILES, profile(1, null).getProfileId(), null, Instant.parse("2026-01-01T00:00:00Z"));

            assertThat(rows.readRecordsToList()).singleElement().satisfies(r -> {
                assertThat(r.key()).isEqualTo(profile(1, null).getProfileId());
                assertThat(r.value()).isNull();
            });
            assertThat(pipeline.exposureRowStore().get(profile(1, null).getProfileId())).isNull();
            assertThat(pipeline.exposureRowStore().get(profile(2, null).getProfileId())).isNotNull();
        }
    }

    @Test
    void aProfileUnderAForeignKeyIsDeadLetteredAndATombstoneUnderOneIsIgnored() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            TestOutputTopic<String, ExposureRow> rows = pipeline.driver.createOutputTopic(Topics.EXPOSURES,
                    Serdes.String().deserializer(), pipeline.topics.exposures().valueSerde().deserializer());
            pipeline.pipe(Topics.EXPOSURE_PROFILES, "not-a-profile-key", profile(7, null), Instant.parse("2026-01-01T00:00:00Z"));
            pipeline.pipeRaw(Topics.EXPOSURE_PROFILES, "also-not-a-key", null, Instant.parse("2026-01-01T00:00:00Z"));

            assertThat(pipeline.deadLetters()).singleElement().satisfies(d ->
                    assertThat(d.getDetail()).contains("record key 'not-a-profile-key' differs from profileId"));
            assertThat(rows.readRecordsToList()).isEmpty();
            pipeline.pipeProfile(profile(8, null)); // the stream thread is still processing
            assertThat(rows.readRecordsToList()).hasSize(1);
        }
    }

    private static String name(int i) {
        return String.format(Locale.ROOT, "Company %05d", i);
    }

    private static ExposureProfile profile(int i, String country) {
        String entity = String.format(Locale.ROOT, "company-%05d", i);
        return ExposureProfile.newBuilder()
                .setProfileId(Topics.exposureKey(entity, "rare_earths", country))
                .setEntityId(entity)
                .setEntityName(name(i))
                .setEntityType("company")
                .setCommodity("rare_earths")
                .setCountry(country)
                .setWeight(0.1 + 0.8 * i / (PROFILES + 1.0))
                .setRole(ExposureRole.CONSUMER)
                .build();
    }
}
