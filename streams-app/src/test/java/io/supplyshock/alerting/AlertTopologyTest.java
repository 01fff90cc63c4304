package io.supplyshock.alerting;

import io.micrometer.core.instrument.Counter;
import io.supplyshock.config.AppConfig;
import io.supplyshock.schema.Alert;
import io.supplyshock.schema.AlertType;
import io.supplyshock.schema.ExposureProfile;
import io.supplyshock.schema.ExposureRole;
import io.supplyshock.schema.Severity;
import io.supplyshock.testing.PipelineDriver;
import io.supplyshock.testing.ReferenceData;
import io.supplyshock.topics.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

class AlertTopologyTest {

    private static final String CN_REE = "group:CN_REE_EXPORT_CTRL_2025-10-09";
    /** With the concentration raise on, e1 is already CRITICAL and e87 cannot escalate; these tests are about the ledger. */
    private static final AppConfig NO_CONCENTRATION_RAISE = AppConfig.of(Map.of("signals.concentration.cap.pct", "100"));

    @Test
    void reportsOfOneGroupGiveOneShockAndOneEscalation() {
        try (PipelineDriver pipeline = new PipelineDriver(NO_CONCENTRATION_RAISE)) {
            seed(pipeline, "e47", "e1", "e2", "e87");

            List<Alert> alerts = pipeline.shockAlerts();

            assertThat(alerts).extracting(Alert::getAlertId, Alert::getAlertType, Alert::getSeverity, Alert::getScore)
                    .containsExactly(
                            tuple(CN_REE + "#1", AlertType.SHOCK, Severity.HIGH, 77),
                            tuple(CN_REE + "#2", AlertType.ESCALATION, Severity.CRITICAL, 81));
            assertThat(alerts.get(1).getSupersedesAlertId()).isEqualTo(CN_REE + "#1");
            assertThat(alerts.get(1).getPreviousSeverity()).isEqualTo(Severity.HIGH);
            assertThat(alerts).extracting(Alert::getCommodity).doesNotContain("rare_earth_magnet_technology");
        }
    }

    @Test
    void pauseInAnotherGroupGivesADeEscalation() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            seed(pipeline, "e47", "e1", "e2", "e87", "e89");

            Alert last = pipeline.shockAlerts().getLast();

            assertThat(last.getAlertId()).isEqualTo("group:US_CN_TRUCE_2025-10-30#1");
            assertThat(last.getAlertType()).isEqualTo(AlertType.DE_ESCALATION);
            assertThat(last.getSeverity()).isEqualTo(Severity.MEDIUM);
            assertThat(last.getScore()).isEqualTo(48); // 0.6 (pause) x 0.85 (export licence ended) x 0.948 (CN 92%)
        }
    }

    @Test
    void replayingTheSameRowsTwiceGivesNoNewAlerts() {
        List<String> rows = List.of("e47", "e1", "e2", "e87", "e89");
        try (PipelineDriver pipeline = new PipelineDriver(NO_CONCENTRATION_RAISE)) {
            rows.forEach(id -> pipeline.pipe(ReferenceData.seedById().get(id)));
            assertThat(pipeline.alerts()).filteredOn(PipelineDriver::isShockSituation).hasSize(3);

            rows.forEach(id -> pipeline.pipe(ReferenceData.seedById().get(id)));

            // Neither a shock nor a deadline milestone that already fired comes out again.
            assertThat(pipeline.alerts()).isEmpty();
        }
    }

    @Test
    void alertsAreKeyedByCommodity() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            TestOutputTopic<String, Alert> alerts = pipeline.driver.createOutputTopic(Topics.ALERTS,
                    Serdes.String().deserializer(), pipeline.topics.alerts().valueSerde().deserializer());
            seed(pipeline, "e47", "e1", "e163");

            List<KeyValue<String, Alert>> keyed = alerts.readKeyValuesToList();

            assertThat(keyed).extracting(kv -> kv.key).contains("rare_earths", "semiconductors");
            assertThat(keyed).allSatisfy(kv -> assertThat(kv.key).isEqualTo(kv.value.getCommodity()));
        }
    }

    @Test
    void affectedEntitiesListsExposedEntitiesMostWeightedFirst() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            pipeline.pipeProfile(profile("mp-materials", "MP Materials", null, 0.6));
            pipeline.pipeProfile(profile("lynas-rare-earths", "Lynas Rare Earths", null, 0.9));
            pipeline.pipeProfile(profile("usa-rare-earth", "USA Rare Earth (USAR)", null, 0.3));
            pipeline.pipeProfile(profile("energy-fuels", "Energy Fuels", "US", 0.8)); // only US supply: not hit by CN
            seed(pipeline, "e47", "e1");

            Alert alert = pipeline.alerts().getFirst();

            assertThat(alert.getAffectedEntities()).containsExactly("Lynas Rare Earths", "MP Materials", "USA Rare Earth (USAR)");
        }
    }

    @Test
    void affectedEntitiesIsEmptyWithoutProfiles() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            seed(pipeline, "e47", "e1");

            assertThat(pipeline.alerts().getFirst().getAffectedEntities()).isEmpty();
        }
    }

    @Test
    void minimumSeverityFromConfigFiltersNewSituations() {
        try (PipelineDriver pipeline = new PipelineDriver(AppConfig.of(Map.of("alert.min.severity", "HIGH")))) {
            seed(pipeline, "e47", "e1", "e163", "e89");

            assertThat(pipeline.shockAlerts()).extracting(Alert::getEventTime)
                    .containsExactly(ReferenceData.policy("e1").getEventTime());
        }
    }

    @Test
    void alertMeterCountsByTypeAndSeverity() {
        try (PipelineDriver pipeline = new PipelineDriver(NO_CONCENTRATION_RAISE)) {
            seed(pipeline, "e47", "e1", "e2", "e87", "e89");

            assertThat(alertCount(pipeline, AlertType.SHOCK, Severity.HIGH)).isEqualTo(1.0);
            assertThat(alertCount(pipeline, AlertType.ESCALATION, Severity.CRITICAL)).isEqualTo(1.0);
            assertThat(alertCount(pipeline, AlertType.DE_ESCALATION, Severity.MEDIUM)).isEqualTo(1.0);
            assertThat(alertCount(pipeline, AlertType.SHOCK, Severity.LOW)).isZero();
        }
    }

    private static double alertCount(PipelineDriver pipeline, AlertType type, Severity severity) {
        Counter c = pipeline.meters.find("supplyshock.alerts").tag("type", type.name()).tag("severity", severity.name()).counter();
        return c == null ? 0.0 : c.count();
    }

    private static void seed(PipelineDriver pipeline, String... ids) {
        for (String id : ids) pipeline.pipe(ReferenceData.seedById().get(id));
    }

    private static ExposureProfile profile(String entityId, String name, String country, double weight) {
        return ExposureProfile.newBuilder()
                .setProfileId(entityId + "|rare_earths|" + (country == null ? "" : country))
                .setEntityId(entityId)
                .setEntityName(name)
                .setEntityType("company")
                .setCommodity("rare_earths")
                .setCountry(country)
                .setWeight(weight)
                .setRole(ExposureRole.PRODUCER)
                .build();
    }
}
