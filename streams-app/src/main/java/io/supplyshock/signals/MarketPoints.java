package io.supplyshock.signals;

import io.supplyshock.schema.DatePrecision;
import io.supplyshock.schema.MarketEvent;
import io.supplyshock.schema.PartialDate;
import io.supplyshock.schema.internal.MarketPoint;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;

/** The per-commodity window the detectors look over: how a market event becomes a point, and how the window is bounded. */
final class MarketPoints {

    static final int MAX_POINTS = 200;
    /**
     * Window order: by window end, then event time, then event id. Of two figures for one day, the one reported
     * earlier comes first, and at the cap it is the first to leave.
     */
    static final Comparator<MarketPoint> ORDER = Comparator.comparing(MarketPoint::getWindowEnd)
            .thenComparing(MarketPoint::getEventTime).thenComparing(MarketPoint::getEventId);

    private MarketPoints() {
    }

    public static MarketPoint of(MarketEvent e) {
        LocalDate windowEnd = e.getObservedDate() != null ? placed(e.getObservedDate())
                : LocalDate.ofInstant(e.getEventTime(), ZoneOffset.UTC);
        return MarketPoint.newBuilder()
                .setEventId(e.getEventId())
                .setMetric(e.getMetric())
                .setRawSubtype(e.getRawSubtype())
                .setVenue(e.getVenue())
                .setCountry(e.getCountry())
                .setValue(e.getValue())
                .setValueMax(e.getValueMax())
                .setUnit(e.getUnit())
                .setDirection(e.getDirection())
                .setPreviousValue(e.getPreviousValue())
                .setWindowStart(e.getPeriodStart() == null ? null : e.getPeriodStart().getDate())
                .setWindowEnd(windowEnd)
                .setEventTime(e.getEventTime())
                .setSummary(e.getProvenance() == null ? null : e.getProvenance().getSummary())
                .build();
    }

    /**
     * A figure stated for a month ("2026-01") refers to some day in it: placing it mid-month halves the
     * worst error in a rate, where the first day would make every recent window look shorter than it was.
     */
    static LocalDate placed(PartialDate date) {
        LocalDate start = date.getDate();
        if (date.getPrecision() == DatePrecision.MONTH) return start.withDayOfMonth(15);
        if (date.getPrecision() == DatePrecision.YEAR) return start.withDayOfYear(1).withMonth(7);
        return start;
    }

    /** True when the point is older than the commodity's stream time (its newest event time) minus the grace period. */
    public static boolean isLate(Instant newestEventTime, Instant eventTime, Duration grace) {
        return eventTime.isBefore(newestEventTime.minus(grace));
    }

    /** The venue as it appears in a situation key: "-" when the figure names none. */
    static String venue(MarketPoint p) {
        return p.getVenue() == null ? "-" : p.getVenue();
    }

    static boolean isDown(MarketPoint p) {
        return "down".equals(p.getDirection()) || p.getValue() != null && p.getValue() < 0;
    }

    static boolean isUp(MarketPoint p) {
        return !"down".equals(p.getDirection()) && p.getValue() != null && p.getValue() > 0;
    }

    static long windowDays(MarketPoint p) {
        return p.getWindowStart() == null ? -1 : ChronoUnit.DAYS.between(p.getWindowStart(), p.getWindowEnd());
    }
}
