package io.supplyshock.bench;

import io.supplyshock.topics.Topics;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WriteCensusTest {

    @Test
    void theAppsWritesLeaveOutTheInputTopics() {
        WriteCensus census = new WriteCensus();
        census.add(Topics.POLICY_EVENTS, 300, 31_000);
        census.add(Topics.MARKET_EVENTS, 650, 80_000);
        census.add(Topics.DISRUPTION_EVENTS, 50, 5_000);
        census.add(Topics.ALERTS, 350, 321_000);
        census.add(Topics.STORYLINES, 350, 51_000);
        census.add("supplyshock-commodity-state-parts-changelog", 540, 48_000);

        assertThat(census.perInputEvent(1_000)).isEqualTo("2,240 records in all topics for 1,000 input events (2.2 per event); "
                + "the app wrote 1,240 of them: 1.24 records and 420 bytes per input event");
    }
}
