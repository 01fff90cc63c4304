package io.supplyshock.exposure;

import io.supplyshock.schema.Contribution;
import io.supplyshock.schema.ExposureProfile;
import io.supplyshock.schema.ExposureRole;
import io.supplyshock.schema.ExposureRow;
import io.supplyshock.testing.PipelineDriver;
import io.supplyshock.testing.ReferenceData;
import io.supplyshock.topics.Topics;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ExposureTopologyTest {

    private static final String MP_ROW = "mp-materials|rare_earths|";
    private final PipelineDriver pipeline = new PipelineDriver();

    @AfterEach
    void close() {
        pipeline.close();
    }

    @Test
    void exportLicenceE1HitsMpMaterialsWithItsWeight() {
        pipeline.pipeProfile(mpMaterials());
        seed("e47", "e1");

        ExposureRow row = pipeline.exposures().get(MP_ROW);

        assertThat(row.getCommodityShockScore()).isEqualTo(79); // e1: 0.85 (licence) x 1.0 (impose) x 0.973 (CN 92% processing as stand-in: 0.35 + 0.65 x sqrt(0.92)) x 1.0 (all destinations) x 0.95 (53 days) = 0.786 -> 79
        assertThat(row.getShockScore()).isEqualTo(47); // 79 x 0.6 = 47.4
        assertThat(row.getEntityName()).isEqualTo("MP Materials");
        assertThat(row.getRole()).isEqualTo(ExposureRole.PRODUCER);
        assertThat(row.getCountry()).isNull();
        assertThat(row.getContributions()).extracting(Contribution::getEventId).containsExactly("e1");
        assertThat(row.getUpdatedAt()).isEqualTo(Instant.parse("2025-10-09T00:00:00Z"));
    }

    @Test
    void escalationE87RaisesTheRowTo83() {
        pipeline.pipeProfile(mpMaterials());
        seed("e47", "e1", "e87");

        ExposureRow row = pipeline.exposures().get(MP_ROW);

        assertThat(row.getCommodityShockScore()).isEqualTo(83); // e87: 0.85 (control) x 1.0 (raise) x 0.973 (CN 92%) x 1.0 x 1.0 (in effect) = 0.827 -> 83
        assertThat(row.getShockScore()).isEqualTo(50); // 83 x 0.6 = 49.8
    }

    @Test
    void pauseE89DeactivatesE1AndE87AndTheHighestRemainingEscalationCounts() {
        pipeline.pipeProfile(mpMaterials());
        // e51: G7/EU price floor against CN, level not stated: 0.6 (price floor) x 0.35 (unsized) x 1 x 1 (in effect) = 0.21 -> 21
        seed("e47", "e51", "e1", "e87", "e89");

        ExposureRow row = pipeline.exposures().get(MP_ROW);

        assertThat(contribution(row, "e1").getActive()).isFalse();
        assertThat(contribution(row, "e87").getActive()).isFalse();
        assertThat(contribution(row, "e51").getActive()).isTrue();
        assertThat(contribution(row, "e89").getActive()).isTrue();
        assertThat(row.getCommodityShockScore()).isEqualTo(contribution(row, "e51").getScore()).isEqualTo(21);
        assertThat(row.getShockScore()).isEqualTo(13); // 21 x 0.6
    }

    @Test
    void pauseWithNothingElseLeftDropsTheRowToZero() {
        pipeline.pipeProfile(mpMaterials());
        seed("e47", "e1", "e87", "e89");

        ExposureRow row = pipeline.exposures().get(MP_ROW);

        assertThat(row.getCommodityShockScore()).isZero();
        assertThat(row.getShockScore()).isZero();
    }

    @Test
    void profilePublishedAfterTheShocksStillGetsItsRow() {
        seed("e47", "e1", "e87");
        assertThat(pipeline.exposures()).isEmpty();

        pipeline.pipeProfile(mpMaterials());

        ExposureRow row = pipeline.exposures().get(MP_ROW);
        assertThat(row.getCommodityShockScore()).isEqualTo(83); // e87: 0.85 x 1.0 x 0.973 x 1.0 x 1.0 = 0.827 -> 83
        assertThat(row.getShockScore()).isEqualTo(50); // 83 x 0.6 = 49.8
        assertThat(row.getContributions()).extracting(Contribution::getEventId).containsExactly("e1", "e87");
    }

    @Test
    void profileLimitedToUsIsNotReachedByChinasMeasure() {
        ExposureProfile viaUs = profile("mp-materials", "MP Materials", "rare_earths", "US", 0.6, ExposureRole.PRODUCER);
        ExposureProfile viaCn = profile("mp-materials", "MP Materials", "rare_earths", "CN", 0.6, ExposureRole.PRODUCER);
        pipeline.pipeProfile(viaUs);
        pipeline.pipeProfile(viaCn);
        seed("e47", "e1", "e87");

        Map<String, ExposureRow> rows = pipeline.exposures();

        assertThat(rows.get("mp-materials|rare_earths|US").getCommodityShockScore()).isZero();
        assertThat(rows.get("mp-materials|rare_earths|US").getContributions()).isEmpty();
        assertThat(rows.get("mp-materials|rare_earths|CN").getCommodityShockScore()).isEqualTo(83); // e87, as above
    }

    @Test
    void rowsOfOneEntityAreFoundByPrefixScan() {
        pipeline.pipeProfile(mpMaterials());
        pipeline.pipeProfile(profile("mp-materials", "MP Materials", "rare_earth_magnets", null, 0.3, ExposureRole.PRODUCER));
        pipeline.pipeProfile(profile("mp-materials-usa", "MP Materials USA", "rare_earths", null, 0.5, ExposureRole.PRODUCER));
        pipeline.pipeProfile(profile("lynas-rare-earths", "Lynas Rare Earths", "rare_earths", null, 0.9, ExposureRole.PRODUCER));
        seed("e47", "e1");

        List<KeyValue<String, ExposureRow>> rows = new ArrayList<>();
        try (KeyValueIterator<String, ExposureRow> it = pipeline.exposureRowStore().prefixScan("mp-materials|", new StringSerializer())) {
            it.forEachRemaining(rows::add);
        }

        assertThat(rows).extracting(kv -> kv.key)
                .containsExactlyInAnyOrder("mp-materials|rare_earths|", "mp-materials|rare_earth_magnets|");
        assertThat(rows).filteredOn(kv -> kv.key.equals(MP_ROW)).singleElement()
                .satisfies(kv -> assertThat(kv.value.getShockScore()).isEqualTo(47)); // e1's 79 x 0.6 = 47.4
    }

    @Test
    void removedProfileIsLeftOutOfLaterFanOut() {
        pipeline.pipeProfile(mpMaterials());
        pipeline.pipeProfile(lynas());
        seed("e47", "e1");
        pipeline.exposures(); // drain

        pipeline.pipeRaw(Topics.EXPOSURE_PROFILES, MP_ROW, null, Instant.parse("2025-10-09T12:00:00Z"));
        seed("e87");

        Map<String, ExposureRow> later = pipeline.exposures();
        assertThat(later.get(MP_ROW)).as("no row after removal, at most its tombstone").isNull();
        assertThat(later.get("lynas-rare-earths|rare_earths|").getCommodityShockScore()).isEqualTo(83); // e87, as above
    }

    /**
     * A profile tombstone removes the entity's row from the exposure row store and the compacted
     * topic, so /api/exposures stops reporting it.
     */
    @Test
    void removedProfileLosesItsRow() {
        pipeline.pipeProfile(mpMaterials());
        seed("e47", "e1");
        assertThat(pipeline.exposureRowStore().get(MP_ROW)).isNotNull();

        pipeline.pipeRaw(Topics.EXPOSURE_PROFILES, MP_ROW, null, Instant.parse("2025-10-09T12:00:00Z"));

        assertThat(pipeline.exposureRowStore().get(MP_ROW)).isNull();
    }

    /**
     * A second delivery of e1 after the pause does not re-add e1 as an active contribution (which
     * would lift the row back to 79).
     */
    @Test
    void redeliveredMeasureDoesNotReviveAPausedContribution() {
        pipeline.pipeProfile(mpMaterials());
        seed("e47", "e1", "e87", "e89", "e1");

        ExposureRow row = pipeline.exposureRowStore().get(MP_ROW);

        assertThat(contribution(row, "e1").getActive()).isFalse();
        assertThat(row.getCommodityShockScore()).isZero();
    }

    @Test
    void shocksOfOtherCommoditiesDoNotTouchTheRow() {
        pipeline.pipeProfile(mpMaterials());
        seed("e47", "e1");
        pipeline.exposures(); // drain

        seed("e82", "e163");

        assertThat(pipeline.exposures()).isEmpty();
        assertThat(pipeline.exposureRowStore().get(MP_ROW).getCommodityShockScore()).isEqualTo(79); // e1's score
    }

    private void seed(String... ids) {
        for (String id : ids) pipeline.pipe(ReferenceData.seedById().get(id));
    }

    private static Contribution contribution(ExposureRow row, String eventId) {
        return row.getContributions().stream().filter(c -> c.getEventId().equals(eventId)).findFirst()
                .orElseThrow(() -> new AssertionError("no contribution " + eventId + " in " + row.getContributions()));
    }

    static ExposureProfile mpMaterials() {
        return profile("mp-materials", "MP Materials", "rare_earths", null, 0.6, ExposureRole.PRODUCER);
    }

    static ExposureProfile lynas() {
        return profile("lynas-rare-earths", "Lynas Rare Earths", "rare_earths", null, 0.9, ExposureRole.PRODUCER);
    }

    static ExposureProfile profile(String entityId, String name, String commodity, String country, double weight, ExposureRole role) {
        return ExposureProfile.newBuilder()
                .setProfileId(entityId + "|" + commodity + "|" + (country == null ? "" : country))
                .setEntityId(entityId)
                .setEntityName(name)
                .setEntityType("company")
                .setCommodity(commodity)
                .setCountry(country)
                .setWeight(weight)
                .setRole(role)
                .build();
    }
}
