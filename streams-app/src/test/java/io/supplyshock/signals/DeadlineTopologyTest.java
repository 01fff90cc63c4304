package io.supplyshock.signals;

import io.supplyshock.config.AppConfig;
import io.supplyshock.schema.Alert;
import io.supplyshock.schema.AlertType;
import io.supplyshock.schema.Severity;
import io.supplyshock.testing.PipelineDriver;
import io.supplyshock.testing.ReferenceData;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.supplyshock.signals.MarketSignalTopologyTest.at;
import static io.supplyshock.signals.MarketSignalTopologyTest.pipe;
import static io.supplyshock.signals.MarketSignalTopologyTest.seed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * Countdowns from the reference deadlines: the Section 232 critical-minerals window (opened 2026-01-14,
 * closing 2026-07-13), the one-year US-China pause (to 2026-11-01) and Zimbabwe's lithium-concentrate
 * export ban from 2027.
 */
class DeadlineTopologyTest {

    private static final AppConfig EVENT_TIME = AppConfig.of(Map.of("signals.clock", "event-time"));
    private static final AppConfig AUTO = AppConfig.of(Map.of("signals.clock", "auto", "signals.clock.idle.ms", "30000",
            "signals.punctuate.interval.ms", "5000"));

    @Test
    void section232WindowCountsDownInEventTimeAsOtherTopicsMoveTheClock() {
        try (PipelineDriver pipeline = new PipelineDriver(EVENT_TIME)) {
            seed(pipeline, "e41");
            assertThat(deadlines(pipeline)).isEmpty();

            // The policy topic is quiet; a market fact on another commodity moves the task's event time.
            pipe(pipeline, ReferenceData.market("e171"), at("2026-06-20"));
            List<Alert> first = deadlines(pipeline);
            pipe(pipeline, ReferenceData.market("e172"), at("2026-07-20"));
            List<Alert> rest = deadlines(pipeline);

            assertThat(first).extracting(Alert::getAlertType, Alert::getEventTime)
                    .containsExactly(tuple(AlertType.COUNTDOWN, at("2026-06-13")));
            assertThat(first.getFirst().getExplanation().getSummary())
                    .isEqualTo("US negotiation window on critical_minerals (e41) closes in 30 days (2026-07-13); score 57");
            assertThat(rest).extracting(Alert::getAlertType, Alert::getEventTime, Alert::getSeverity).containsExactly(
                    tuple(AlertType.COUNTDOWN, at("2026-07-06"), Severity.MEDIUM),
                    tuple(AlertType.COUNTDOWN, at("2026-07-12"), Severity.MEDIUM),
                    tuple(AlertType.LAPSES, at("2026-07-13"), Severity.HIGH));
            assertThat(rest.getLast().getExplanation().getSummary()).startsWith("US negotiation window on critical_minerals (e41) closes on 2026-07-13");
            // every milestone names the storyline of its measure
            assertThat(rest).extracting(Alert::getStorylineId).containsOnly("group:US_232_CRITMIN_2026-01-14");
        }
    }

    @Test
    void quietTopicsDoNotStallADeadlineOnTheWallClock() {
        try (PipelineDriver pipeline = new PipelineDriver(AUTO, at("2026-06-10"))) {
            seed(pipeline, "e41");
            assertThat(deadlines(pipeline)).isEmpty();

            // No record arrives at all; the wall clock moves past the 30-day mark.
            pipeline.driver.advanceWallClockTime(Duration.ofDays(4));

            assertThat(deadlines(pipeline)).extracting(Alert::getAlertType, Alert::getEventTime)
                    .containsExactly(tuple(AlertType.COUNTDOWN, at("2026-06-13")));

            pipeline.driver.advanceWallClockTime(Duration.ofDays(40));
            assertThat(deadlines(pipeline)).extracting(Alert::getEventTime)
                    .containsExactly(at("2026-07-06"), at("2026-07-12"), at("2026-07-13"));
        }
    }

    @Test
    void eventTimeModeIgnoresTheWallClock() {
        try (PipelineDriver pipeline = new PipelineDriver(EVENT_TIME, at("2026-06-10"))) {
            seed(pipeline, "e41");
            pipeline.driver.advanceWallClockTime(Duration.ofDays(60));

            assertThat(deadlines(pipeline)).isEmpty();
        }
    }

    @Test
    void autoModeFollowsEventTimeWhileRecordsFlow() {
        // A replay on 2026-11-21 of facts from 2025: the wall clock must not run ahead of the replayed history.
        try (PipelineDriver pipeline = new PipelineDriver(AUTO, at("2026-11-21"))) {
            seed(pipeline, "e47", "e1");
            pipeline.driver.advanceWallClockTime(Duration.ofSeconds(10)); // records still flowing: below the idle time
            assertThat(deadlines(pipeline)).isEmpty();

            seed(pipeline, "e89"); // pauses e1 on 2025-11-01, before its 30-day countdown could matter
            pipeline.driver.advanceWallClockTime(Duration.ofMinutes(1)); // idle now: the wall clock takes over

            // e1 was paused, so it never takes effect; the pause itself lapses on 2026-11-01 and e1 comes back.
            List<Alert> alerts = deadlines(pipeline);
            assertThat(alerts).noneMatch(a -> a.getExplanation().getSummary().contains("(e1) takes effect"));
            assertThat(alerts).extracting(Alert::getAlertType, Alert::getEventTime).containsExactly(
                    tuple(AlertType.COUNTDOWN, at("2026-10-02")),
                    tuple(AlertType.COUNTDOWN, at("2026-10-25")),
                    tuple(AlertType.COUNTDOWN, at("2026-10-31")),
                    tuple(AlertType.LAPSES, at("2026-11-01")));
            Alert lapse = alerts.getLast();
            assertThat(lapse.getExplanation().getSummary()).startsWith("CN export control pause on rare_earths (e89) lapses and e1 resume on 2026-11-01");
            // The pause held back an export licence (0.85), lapsing today (x 1.0).
            assertThat(lapse.getScore()).isEqualTo(85);
            assertThat(lapse.getSeverity()).isEqualTo(Severity.CRITICAL);
        }
    }

    @Test
    void zimbabweLithiumBanFrom2027IsBelowTheCountdownBandSoOnlyItsDayAlerts() {
        // Nothing is known of lithium concentrate here: 0.95 x 0.4 x 0.6 (more than a year ahead) = 23, LOW.
        try (PipelineDriver pipeline = new PipelineDriver(AUTO, at("2026-11-21"))) {
            seed(pipeline, "e100");
            pipeline.driver.advanceWallClockTime(Duration.ofDays(42));
            assertThat(deadlines(pipeline)).extracting(Alert::getAlertType, Alert::getEventTime)
                    .containsExactly(tuple(AlertType.TAKES_EFFECT, at("2027-01-01")));
        }
    }

    @Test
    void withTheCountdownBandLoweredZimbabwesBanCountsDownFromItsFirstDay() {
        AppConfig lowBand = AppConfig.of(Map.of("signals.clock", "auto", "signals.clock.idle.ms", "30000", "signals.countdown.min.severity", "LOW"));
        try (PipelineDriver pipeline = new PipelineDriver(lowBand, at("2026-11-21"))) {
            seed(pipeline, "e100");
            pipeline.driver.advanceWallClockTime(Duration.ofDays(11).plusHours(1)); // into 2026-12-02: 30 days before 2027-01-01

            List<Alert> alerts = deadlines(pipeline);

            assertThat(alerts).extracting(Alert::getAlertType, Alert::getEventTime, Alert::getCommodity)
                    .containsExactly(tuple(AlertType.COUNTDOWN, at("2026-12-02"), "lithium_concentrate"));
            assertThat(alerts.getFirst().getExplanation().getSummary())
                    .startsWith("ZW export ban on lithium_concentrate (e100) takes effect in 30 days (2027-01-01)");
            // export ban 0.95 x 0.95, due within a quarter
            assertThat(alerts.getFirst().getScore()).isEqualTo(90);

            pipeline.driver.advanceWallClockTime(Duration.ofDays(31));
            assertThat(deadlines(pipeline)).extracting(Alert::getAlertType).containsExactly(
                    AlertType.COUNTDOWN, AlertType.COUNTDOWN, AlertType.TAKES_EFFECT);
        }
    }

    @Test
    void noCountdownIsEmittedTwiceWhenTheEventIsRepublished() {
        try (PipelineDriver pipeline = new PipelineDriver(EVENT_TIME)) {
            seed(pipeline, "e41");
            pipe(pipeline, ReferenceData.market("e171"), at("2026-07-20"));
            assertThat(deadlines(pipeline)).hasSize(4);

            seed(pipeline, "e41");
            pipe(pipeline, ReferenceData.market("e28"), at("2026-07-21"));

            assertThat(pipeline.alerts()).isEmpty();
        }
    }

    @Test
    void aDeadlineLearnedLateStillGivesTheSameMilestonesAsInOrder() {
        try (PipelineDriver pipeline = new PipelineDriver(EVENT_TIME)) {
            // The clock is already past the window when e41 (dated 2026-01-14) arrives.
            pipe(pipeline, ReferenceData.market("e171"), at("2026-08-01"));
            seed(pipeline, "e41");

            assertThat(deadlines(pipeline)).extracting(Alert::getEventTime)
                    .containsExactly(at("2026-06-13"), at("2026-07-06"), at("2026-07-12"), at("2026-07-13"));
        }
    }

    @Test
    void milestonesBeforeTheMeasureWasKnownAreNotScheduled() {
        try (PipelineDriver pipeline = new PipelineDriver(EVENT_TIME)) {
            // e143 (US tariff cut, effective 2026-01-15) was reported "2026-01": known for sure only by 2026-02-01.
            seed(pipeline, "e143", "e147");
            pipe(pipeline, ReferenceData.market("e171"), at("2026-03-01"));

            assertThat(deadlines(pipeline)).isEmpty();
        }
    }

    private static List<Alert> deadlines(PipelineDriver pipeline) {
        return pipeline.alerts().stream().filter(a -> a.getDedupKey().startsWith("deadline:")).toList();
    }
}
