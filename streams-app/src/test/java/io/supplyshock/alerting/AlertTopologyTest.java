package io.supplyshock.alerting;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.supplyshock.SupplyShockTopology;
import io.supplyshock.config.AppConfig;
import io.supplyshock.metrics.PipelineMetrics;
import io.supplyshock.schema.Alert;
import io.supplyshock.schema.AlertType;
import io.supplyshock.schema.ExposureProfile;
import io.supplyshock.schema.ExposureRole;
import io.supplyshock.schema.Severity;
import io.supplyshock.schema.Storyline;
import io.supplyshock.schema.StorylineAlert;
import io.supplyshock.testing.PipelineDriver;
import io.supplyshock.testing.ReferenceData;
import io.supplyshock.topics.PlainAvroSerdes;
import io.supplyshock.topics.StoreNames;
import io.supplyshock.topics.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

class AlertTopologyTest {

    private static final String CN_REE = "group:CN_REE_EXPORT_CTRL_2025-10-09";
    /** China's October licence regime on rare earths (e1, restated by e87), one situation of the notice's storyline. */
    private static final String E1_SITUATION = CN_REE + "/CN|EXPORT|rare_earths|*|2025-10-09";
    private static final String E2_SITUATION = CN_REE + "/CN|EXPORT|rare_earth_magnet_technology|*|2025-10-09";
    @Test
    void oneNoticeOnTwoCommoditiesIsTwoSituationsOfOneStorylineAndItsRestatementEscalatesTheFirstEvenAboveTheConcentrationCap() {
        // Shipped cap (65%): CN's 92% is only a fact now, so e1 opens at its bare band HIGH and e87 can escalate it.
        try (PipelineDriver pipeline = new PipelineDriver()) {
            seed(pipeline, "e47", "e1", "e2", "e87");

            List<Alert> alerts = pipeline.shockAlerts();

            assertThat(alerts).extracting(Alert::getAlertId, Alert::getAlertType, Alert::getSeverity, Alert::getScore)
                    .containsExactly(
                            // 0.85 (licence) x 1.0 x 0.973 (CN 92% processing: 0.35 + 0.65 x sqrt(0.92)) x 1.0 x 0.95 (53 days) = 0.786
                            tuple(E1_SITUATION + "#1", AlertType.SHOCK, Severity.HIGH, 79),
                            // 0.85 x 1.0 x 0.556 (no share known: neutral prior of 10%, 0.35 + 0.65 x sqrt(0.1)) x 1.0 x 0.95 = 0.449
                            tuple(E2_SITUATION + "#1", AlertType.SHOCK, Severity.MEDIUM, 45),
                            // 0.85 (control) x 1.0 (raise) x 0.973 x 1.0 x 1.0 (in effect) = 0.827
                            tuple(E1_SITUATION + "#2", AlertType.ESCALATION, Severity.CRITICAL, 83));
            assertThat(alerts.getFirst().getExplanation().getInputs()).filteredOn(i -> i.getName().equals("concentration"))
                    .extracting(i -> i.getValue(), i -> i.getFactor()).containsExactly(tuple("CN 92% PROCESSING > 65% cap", 1.0));
            assertThat(alerts.get(1).getExplanation().getSummary()).endsWith("; unknown, at neutral priors: supply_at_risk");
            assertThat(alerts).extracting(Alert::getStorylineId).containsOnly(CN_REE);
            // An alert counts its storyline on its own commodity; the storyline across commodities is on supply.storylines.
            assertThat(alerts).extracting(Alert::getStorylineSequence).containsExactly(1, 1, 2);
            assertThat(alerts.get(2).getRelatedAlertIds()).containsExactly(E1_SITUATION + "#1");
            Storyline story = pipeline.storylines().get(CN_REE);
            assertThat(story.getAlertCount()).isEqualTo(3);
            assertThat(story.getAlerts()).extracting(StorylineAlert::getAlertId)
                    .containsExactlyInAnyOrder(E1_SITUATION + "#1", E2_SITUATION + "#1", E1_SITUATION + "#2");
            assertThat(story.getAlerts().getLast().getAlertId()).as("the restatement is the newest").isEqualTo(E1_SITUATION + "#2");
            assertThat(story.getCommodities()).containsExactly("rare_earth_magnet_technology", "rare_earths");
            assertThat(alerts.get(2).getSupersedesAlertId()).isEqualTo(E1_SITUATION + "#1");
            assertThat(alerts.get(2).getPreviousSeverity()).isEqualTo(Severity.HIGH);
        }
    }

    @Test
    void thePauseDeEscalatesTheSituationItEndsAndNamesIt() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            seed(pipeline, "e47", "e1", "e2", "e87", "e89");

            Alert last = pipeline.shockAlerts().getLast();

            // #1 e1 (HIGH), #2 e87's escalation (CRITICAL, no longer swallowed by a concentration raise of e1), #3 the pause
            assertThat(last.getAlertId()).isEqualTo(E1_SITUATION + "#3");
            assertThat(last.getAlertType()).isEqualTo(AlertType.DE_ESCALATION);
            assertThat(last.getSupersedesAlertId()).isEqualTo(E1_SITUATION + "#2");
            assertThat(last.getPreviousSeverity()).isEqualTo(Severity.CRITICAL);
            assertThat(last.getEndedEventIds()).containsExactly("e1", "e87");
            assertThat(last.getStorylineId()).isEqualTo(CN_REE);
            assertThat(last.getSeverity()).isEqualTo(Severity.MEDIUM);
            assertThat(last.getScore()).isEqualTo(50); // 0.6 (pause) x 0.85 (export control ended) x 0.973 (CN 92%) = 0.496
        }
    }

    @Test
    void replayingTheSameRowsTwiceGivesNoNewAlerts() {
        List<String> rows = List.of("e47", "e1", "e2", "e87", "e89");
        try (PipelineDriver pipeline = new PipelineDriver()) {
            rows.forEach(id -> pipeline.pipe(ReferenceData.seedById().get(id)));
            assertThat(pipeline.alerts()).filteredOn(PipelineDriver::isShockSituation).hasSize(4);
            assertThat(pipeline.storylines()).isNotEmpty();

            rows.forEach(id -> pipeline.pipe(ReferenceData.seedById().get(id)));

            // Neither a shock nor a deadline milestone that already fired comes out again, and no storyline changes.
            assertThat(pipeline.alerts()).isEmpty();
            assertThat(pipeline.storylines()).isEmpty();
        }
    }

    @Test
    void oneGroupNeverMergesDifferentIssuersCommoditiesOrDates() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            seed(pipeline, "e95", "e96", "e99", "e100", "e97", "e98");

            List<Alert> alerts = pipeline.shockAlerts();
            List<Alert> nationalism = alerts.stream().filter(a -> "group:RESOURCE_NATIONALISM".equals(a.getStorylineId())).toList();
            assertThat(nationalism).extracting(Alert::getIssuerCountry).containsExactlyInAnyOrder("MW", "GA", "GN", "ZW");
            // Four commodities: each alert is the first of the storyline on its own; the storyline's record lists all four.
            assertThat(nationalism).extracting(Alert::getCommodity).doesNotHaveDuplicates();
            assertThat(nationalism).extracting(Alert::getStorylineSequence).containsOnly(1);
            Storyline story = pipeline.storylines().get("group:RESOURCE_NATIONALISM");
            assertThat(story.getAlertCount()).isEqualTo(4);
            assertThat(story.getAlerts()).extracting(StorylineAlert::getAlertId)
                    .containsExactlyInAnyOrderElementsOf(nationalism.stream().map(Alert::getAlertId).toList());
            assertThat(story.getAlerts()).extracting(StorylineAlert::getEventTime).isSorted();
            assertThat(story.getCommodities()).containsExactlyInAnyOrderElementsOf(nationalism.stream().map(Alert::getCommodity).toList())
                    .isSorted();
            Alert quota = alerts.stream().filter(a -> a.getExplanation().getSourceEventIds().getFirst().equals("e98")).findFirst().orElseThrow();
            Alert ban = alerts.stream().filter(a -> a.getExplanation().getSourceEventIds().getFirst().equals("e97")).findFirst().orElseThrow();
            assertThat(quota.getAlertType()).isEqualTo(AlertType.SHOCK);
            assertThat(quota.getDedupKey()).isNotEqualTo(ban.getDedupKey());
            assertThat(quota.getStorylineId()).isEqualTo(ban.getStorylineId()).isEqualTo("group:DRC_COBALT");
            assertThat(quota.getRelatedAlertIds()).containsExactly(ban.getAlertId());
            assertThat(quota.getStorylineSequence()).isEqualTo(2);
        }
    }

    @Test
    void aRevisedFigureOfTheSameMeasureEscalatesOrRepeatsButNeverOpensASecondSituation() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            io.supplyshock.schema.PolicyEvent first = io.supplyshock.schema.PolicyEvent.newBuilder(ReferenceData.policy("e69"))
                    .setEventId("r1").setValue(25.0).build();
            io.supplyshock.schema.PolicyEvent revised = io.supplyshock.schema.PolicyEvent.newBuilder(first).setEventId("r2").setValue(100.0)
                    .setEventTime(first.getEventTime().plus(java.time.Duration.ofDays(10))).build();
            io.supplyshock.schema.PolicyEvent sameAgain = io.supplyshock.schema.PolicyEvent.newBuilder(revised).setEventId("r3").setValue(90.0).build();
            for (var e : List.of(first, revised, sameAgain)) pipeline.pipe(Topics.POLICY_EVENTS, e.getCommodity(), e, e.getEventTime());

            List<Alert> alerts = pipeline.shockAlerts();
            assertThat(alerts).extracting(Alert::getAlertType).containsExactly(AlertType.SHOCK, AlertType.ESCALATION);
            assertThat(alerts).extracting(Alert::getDedupKey).containsOnly(alerts.getFirst().getDedupKey());
        }
    }

    @Test
    void anEventAndItsAlertAreInOneSubTopologyAndTheStorylinesInAnother() {
        TopologyDescription description = SupplyShockTopology.buildTopology(AppConfig.of(Map.of()), new Topics(new PlainAvroSerdes()),
                new PipelineMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))).describe();

        // Under exactly-once a record is visible downstream only when its sub-topology commits: no repartition topic
        // between a policy, market or disruption event and its alert means one commit.
        TopologyDescription.Subtopology eventsIn = subTopologyReading(description, Topics.POLICY_EVENTS);
        assertThat(subTopologyReading(description, Topics.MARKET_EVENTS)).isSameAs(eventsIn);
        assertThat(subTopologyReading(description, Topics.DISRUPTION_EVENTS)).isSameAs(eventsIn);
        assertThat(sinkTopics(eventsIn)).contains(Topics.ALERTS).doesNotContain(Topics.STORYLINES);
        assertThat(storesOf(eventsIn)).contains(StoreNames.ALERT_LEDGER, StoreNames.STORYLINE_SLICES);
        TopologyDescription.Subtopology storylines = description.subtopologies().stream()
                .filter(sub -> sinkTopics(sub).contains(Topics.STORYLINES)).findFirst().orElseThrow();
        assertThat(storylines).isNotSameAs(eventsIn);
        assertThat(storesOf(storylines)).containsExactly(StoreNames.STORYLINE_TALLIES);
    }

    private static TopologyDescription.Subtopology subTopologyReading(TopologyDescription description, String topic) {
        return description.subtopologies().stream()
                .filter(sub -> sub.nodes().stream().anyMatch(n -> n instanceof TopologyDescription.Source source
                        && source.topicSet() != null && source.topicSet().contains(topic)))
                .findFirst().orElseThrow();
    }

    private static Set<String> sinkTopics(TopologyDescription.Subtopology sub) {
        return sub.nodes().stream().filter(n -> n instanceof TopologyDescription.Sink)
                .map(n -> ((TopologyDescription.Sink) n).topic()).collect(Collectors.toSet());
    }

    private static Set<String> storesOf(TopologyDescription.Subtopology sub) {
        return sub.nodes().stream().filter(n -> n instanceof TopologyDescription.Processor)
                .flatMap(n -> ((TopologyDescription.Processor) n).stores().stream()).collect(Collectors.toSet());
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

            // e163 (LOW: 0.7 earthquake x 0.556 unknown site share at the 10% prior x 1.0 M7 = 39) opens nothing; the pause of e1's alerted situation comes through whatever its band.
            assertThat(pipeline.shockAlerts()).extracting(a -> a.getExplanation().getSourceEventIds().getFirst(), Alert::getAlertType)
                    .containsExactly(tuple("e1", AlertType.SHOCK), tuple("e89", AlertType.DE_ESCALATION));
        }
    }

    @Test
    void alertMeterCountsByTypeAndSeverity() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            seed(pipeline, "e47", "e1", "e2", "e87", "e89");

            assertThat(alertCount(pipeline, AlertType.SHOCK, Severity.HIGH)).isEqualTo(1.0); // e1, 79
            assertThat(alertCount(pipeline, AlertType.SHOCK, Severity.MEDIUM)).isEqualTo(1.0); // e2 (45), its own situation
            assertThat(alertCount(pipeline, AlertType.ESCALATION, Severity.CRITICAL)).isEqualTo(1.0); // e87, 83
            assertThat(alertCount(pipeline, AlertType.DE_ESCALATION, Severity.MEDIUM)).isEqualTo(1.0); // e89, 50
            assertThat(alertCount(pipeline, AlertType.SHOCK, Severity.LOW)).isZero();
            assertThat(alertCount(pipeline, AlertType.SHOCK, Severity.CRITICAL)).as("no concentration raise").isZero();
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
