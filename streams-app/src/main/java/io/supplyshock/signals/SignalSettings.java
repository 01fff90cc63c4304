package io.supplyshock.signals;

import io.supplyshock.schema.Severity;
import io.supplyshock.config.AppConfig;
import io.supplyshock.topics.StageApi;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The thresholds of the market-signal and deadline detectors, read once from configuration.
 *
 * @param concentrationCapPct the cap scoring applies ({@link AppConfig#CONCENTRATION_CAP_PCT}): a measure is scored
 *                            with it to decide whether its band earns countdowns, so that band is the band of its alert
 */
@StageApi
public record SignalSettings(double spikePct, int spikeWindowDays, int spikeLinkDays, double inventoryAcceleration,
                             double divergencePricePct, double stockpileSharePct, double concentrationCapPct,
                             List<Integer> leadDays, Severity countdownMinSeverity, Duration grace, ClockMode clock, Duration clockIdle,
                             Duration punctuateInterval, Duration clockOffset) {

    /** What moves the deadline clock. */
    public enum ClockMode {
        /** The task's newest event time: replays of history give the same countdowns as the live run did. */
        EVENT_TIME,
        /** The wall clock, checked by punctuation: a quiet topic never stalls a deadline. */
        WALL_CLOCK,
        /** Event time while records flow; the wall clock once the task has been idle for {@code clockIdle}. */
        AUTO
    }

    public SignalSettings {
        if (spikePct <= 0 || divergencePricePct <= 0 || stockpileSharePct <= 0 || inventoryAcceleration <= 1) {
            throw new IllegalArgumentException("signal thresholds must be positive and the inventory acceleration above 1");
        }
        if (leadDays.stream().anyMatch(d -> d <= 0)) {
            throw new IllegalArgumentException(AppConfig.DEADLINE_LEAD_DAYS.key() + " must list positive day counts, got " + leadDays);
        }
        leadDays = leadDays.stream().distinct().sorted((a, b) -> b - a).toList();
    }

    public static SignalSettings defaults() {
        return from(AppConfig.of(java.util.Map.of()));
    }

    public static SignalSettings from(AppConfig config) {
        return new SignalSettings(
                config.getDouble(AppConfig.PRICE_SPIKE_PCT),
                config.getInt(AppConfig.PRICE_SPIKE_WINDOW_DAYS),
                config.getInt(AppConfig.PRICE_SPIKE_LINK_DAYS),
                config.getDouble(AppConfig.INVENTORY_ACCELERATION),
                config.getDouble(AppConfig.DIVERGENCE_PRICE_PCT),
                config.getDouble(AppConfig.STOCKPILE_SHARE_PCT),
                config.getDouble(AppConfig.CONCENTRATION_CAP_PCT),
                leadDays(config),
                severity(config, AppConfig.COUNTDOWN_MIN_SEVERITY),
                Duration.ofDays(config.getInt(AppConfig.SIGNAL_GRACE_DAYS)),
                clockMode(config),
                Duration.ofMillis(config.getInt(AppConfig.SIGNAL_CLOCK_IDLE_MS)),
                Duration.ofMillis(config.getInt(AppConfig.SIGNAL_PUNCTUATE_MS)),
                Duration.ofDays(config.getInt(AppConfig.SIGNAL_CLOCK_OFFSET_DAYS)));
    }

    private static Severity severity(AppConfig config, AppConfig.Setting setting) {
        String raw = config.get(setting).trim().toUpperCase(java.util.Locale.ROOT);
        try {
            return Severity.valueOf(raw);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(setting.key() + " must be one of INFO, LOW, MEDIUM, HIGH, CRITICAL; got '" + raw + "'");
        }
    }

    private static List<Integer> leadDays(AppConfig config) {
        String raw = config.get(AppConfig.DEADLINE_LEAD_DAYS);
        try {
            return Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Integer::parseInt).toList();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(AppConfig.DEADLINE_LEAD_DAYS.key() + " must be a comma-separated list of days, got '" + raw + "'");
        }
    }

    private static ClockMode clockMode(AppConfig config) {
        String raw = config.get(AppConfig.SIGNAL_CLOCK).trim().toLowerCase(Locale.ROOT);
        return switch (raw) {
            case "event-time", "event" -> ClockMode.EVENT_TIME;
            case "wall-clock", "wall" -> ClockMode.WALL_CLOCK;
            case "auto" -> ClockMode.AUTO;
            default -> throw new IllegalArgumentException(AppConfig.SIGNAL_CLOCK.key() + " must be event-time, wall-clock or auto; got '" + raw + "'");
        };
    }
}
