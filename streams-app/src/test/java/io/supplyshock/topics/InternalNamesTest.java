package io.supplyshock.topics;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.supplyshock.SupplyShockTopology;
import io.supplyshock.config.AppConfig;
import io.supplyshock.metrics.PipelineMetrics;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Store and repartition names are part of the deployed state: each names a changelog or repartition topic
 * ({@code <application.id>-<name>-changelog}, {@code -repartition}). Renaming one silently starts an empty
 * store next to the old topic, so every name is pinned here; a change must come with a migration note.
 */
class InternalNamesTest {

    private static final Set<String> STORES = Set.of(
            // Issue 19: the commodity state as parts and their history, replacing commodity-state-versions (one whole
            // state per version) and facts-by-commodity-store (the commodities gauge counts the parts' headers).
            "commodity-state-parts", "commodity-state-history", "exposure-profiles-by-commodity-store",
            // Issue 19: supply.exposures read back as a table, the topic its changelog; it replaced a store of the same
            // name fed by exposures-by-entity-repartition, and exposure-profiles-store (read by no stage) went.
            "exposure-rows-store", "alert-ledger-store",
            "deadline-schedule-store", "deadline-clock-store",
            // Added 2026-12-04: starts empty on upgrade, so disruptions read before it are not re-assessed.
            "recent-disruptions-store",
            // Issue 19: one entry per market point and per shock contribution, replacing market-history-store and
            // shocks-by-commodity-store (one list per commodity). Their changelogs hold another format, so the new
            // version runs under a new application id, replaying its inputs (see the upgrade notes).
            "market-point-blocks-store", "market-clock-store",
            // Issue 19, twenty-first round: shock-contributions-store (a record per contribution) became blocks of ten
            // slots; upgrade by a replay under a new application id.
            "shock-contribution-blocks-store",
            // Issue 19: storylines-store (storyline -> situations on every commodity) became slices per commodity beside
            // the ledger, and a table of whole storylines after the alerts. Upgrade: new application id and a replay.
            "storyline-slices-store", "storyline-tallies-store");

    private static final Set<String> REPARTITIONS = Set.of(
            "exposure-profiles-by-commodity-repartition", "signals-with-profiles-repartition",
            // Added in 0.19: events keyed by anything but their commodity cross one of these once.
            "policy-events-rekeyed-by-commodity-repartition", "market-events-rekeyed-by-commodity-repartition",
            "disruption-events-rekeyed-by-commodity-repartition",
            // Issue 19: alerts-by-situation (every shock re-keyed by storyline before its alert) is gone; milestones
            // alone are re-keyed by situation. alerts-by-storyline went too: supply.alerts is written on the
            // storyline's partition and the storyline count reads it.
            "deadlines-by-situation-repartition");

    @Test
    void theTopologyUsesExactlyThePinnedStoresAndRepartitionTopics() {
        TopologyDescription description = SupplyShockTopology.buildTopology(AppConfig.of(Map.of()),
                new Topics(new PlainAvroSerdes()), new PipelineMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))).describe();
        Set<String> stores = new TreeSet<>();
        Set<String> repartitions = new TreeSet<>();
        for (TopologyDescription.Subtopology sub : description.subtopologies()) {
            for (TopologyDescription.Node node : sub.nodes()) {
                if (node instanceof TopologyDescription.Processor p) stores.addAll(p.stores());
                if (node instanceof TopologyDescription.Sink s && s.topic() != null && s.topic().endsWith("-repartition")) repartitions.add(s.topic());
                if (node instanceof TopologyDescription.Source s && s.topicSet() != null) {
                    s.topicSet().stream().filter(t -> t.endsWith("-repartition")).forEach(repartitions::add);
                }
            }
        }
        assertThat(stores).containsExactlyInAnyOrderElementsOf(STORES);
        assertThat(repartitions).containsExactlyInAnyOrderElementsOf(REPARTITIONS);
    }

    @Test
    void theNameConstantsAreThePinnedNames() {
        assertThat(Set.of(StoreNames.COMMODITY_STATE_PARTS, StoreNames.COMMODITY_STATE_HISTORY, StoreNames.PROFILES_BY_COMMODITY,
                StoreNames.SHOCK_CONTRIBUTION_BLOCKS, StoreNames.EXPOSURE_ROWS, StoreNames.ALERT_LEDGER,
                StoreNames.MARKET_POINT_BLOCKS, StoreNames.MARKET_CLOCK, StoreNames.DEADLINE_SCHEDULE, StoreNames.DEADLINE_CLOCK,
                StoreNames.RECENT_DISRUPTIONS, StoreNames.STORYLINE_SLICES, StoreNames.STORYLINE_TALLIES))
                .containsExactlyInAnyOrderElementsOf(STORES);
        assertThat(Set.of(StoreNames.PROFILES_BY_COMMODITY_REPARTITION + "-repartition",
                StoreNames.SIGNALS_WITH_PROFILES + "-repartition",
                StoreNames.rekeyedByCommodity(Topics.POLICY_EVENTS) + "-repartition", StoreNames.rekeyedByCommodity(Topics.MARKET_EVENTS) + "-repartition",
                StoreNames.rekeyedByCommodity(Topics.DISRUPTION_EVENTS) + "-repartition",
                StoreNames.DEADLINES_BY_SITUATION + "-repartition"))
                .containsExactlyInAnyOrderElementsOf(REPARTITIONS);
    }
}
