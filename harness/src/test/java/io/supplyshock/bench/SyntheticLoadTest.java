package io.supplyshock.bench;

import io.supplyshock.schema.MarketEvent;
import io.supplyshock.schema.MarketMetric;
import io.supplyshock.schema.PolicyEvent;
import io.supplyshock.topics.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(30)
class SyntheticLoadTest {

    /** The latency run counts an alert only if its event was sent after the lead-in, by the sequence in its id. */
    @Test
    void alertingEventsCarryTheirSequenceInTheirIdAndLaterEventsALargerOne() {
        SyntheticLoad load = new SyntheticLoad(10, 5, 0.3, 0.05, 42);
        Instant now = Instant.parse("2026-12-05T12:00:00Z");
        load.next(now);
        String first = ((PolicyEvent) load.alerting(now).value()).getEventId();
        load.next(now);
        load.next(now);
        String later = ((PolicyEvent) load.alerting(now).value()).getEventId();

        assertThat(first).startsWith(SyntheticLoad.ALERTING_PREFIX);
        assertThat(SyntheticLoad.sequenceOf(first)).isEqualTo(1);
        assertThat(SyntheticLoad.sequenceOf(later)).isEqualTo(4);
        assertThatThrownBy(() -> SyntheticLoad.sequenceOf("bench-alert-x")).isInstanceOf(NumberFormatException.class);
    }

    @Test
    void theLatencyRunCountsOnlyItsOwnAlertsSentAfterTheLeadIn() {
        SyntheticLoad load = new SyntheticLoad(10, 5, 0.3, 0.05, 42);
        Instant now = Instant.parse("2026-12-05T12:00:00Z");
        String leadIn = ((PolicyEvent) load.alerting(now).value()).getEventId();
        String firstMeasured = ((PolicyEvent) load.alerting(now).value()).getEventId();
        String later = ((PolicyEvent) load.alerting(now).value()).getEventId();
        long first = SyntheticLoad.sequenceOf(firstMeasured);

        assertThat(Bench.measuredAfterTheLeadIn(leadIn, first)).isFalse();
        assertThat(Bench.measuredAfterTheLeadIn(firstMeasured, first)).isTrue();
        assertThat(Bench.measuredAfterTheLeadIn(later, first)).isTrue();
        assertThat(Bench.measuredAfterTheLeadIn("bench-17", first)).as("a mixed-load event, not the latency run's").isFalse();
        assertThat(Bench.measuredAfterTheLeadIn(later, Long.MAX_VALUE)).as("nothing counts before the lead-in ends").isFalse();
    }

    /** The mixed latency run keeps the load's prices and turns each policy and disruption into a ban it can recognise. */
    @Test
    void theMixKeepsItsPricesAndEveryOtherEventIsARecognisableBan() {
        SyntheticLoad mixed = new SyntheticLoad(10, 5, 0.3, 0.05, 42);
        Instant now = Instant.parse("2026-12-05T12:00:00Z");
        int alerting = 0, n = 2_000;
        for (int i = 0; i < n; i++) {
            SyntheticLoad.Event e = mixed.nextWithRecognisableAlerts(now);
            if (SyntheticLoad.isAlerting(e)) {
                alerting++;
                assertThat(e.topic()).isEqualTo(Topics.POLICY_EVENTS);
            } else {
                assertThat(e.topic()).isEqualTo(Topics.MARKET_EVENTS);
                assertThat(((MarketEvent) e.value()).getMetric()).isEqualTo(MarketMetric.PRICE);
            }
        }
        // 35% of the load's events are policies or disruptions.
        assertThat((double) alerting / n).isBetween(0.31, 0.39);
    }
}
