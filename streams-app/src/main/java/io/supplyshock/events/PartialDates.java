package io.supplyshock.events;

import io.supplyshock.schema.DatePrecision;
import io.supplyshock.schema.PartialDate;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the producers' dates, which news often states only to the month or the year.
 *
 * <p>A {@link PartialDate} always carries the first day of the stated period, so that comparisons
 * stay conservative, plus the raw text. A range ({@code 2025-10/2025-12} or {@code 2025-10..2025-12})
 * is read as its start: the start is when the fact can first matter, and the raw text keeps the rest.
 */
public final class PartialDates {

    private static final Pattern DATE = Pattern.compile("(\\d{4})(?:-(\\d{2})(?:-(\\d{2}))?)?");
    private static final Pattern RANGE_SEPARATOR = Pattern.compile("\\s*(?:/|\\.\\.)\\s*");

    private PartialDates() {
    }

    /**
     * @return the parsed date, or null when {@code raw} is null or blank (dates are optional)
     * @throws IllegalArgumentException when the text is not a date, naming the accepted forms
     */
    public static PartialDate parse(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String[] parts = RANGE_SEPARATOR.split(raw.trim(), -1);
        if (parts.length > 2) {
            throw notADate(raw);
        }
        PartialDate start = single(parts[0], raw);
        if (parts.length == 2) {
            single(parts[1], raw); // both ends must be dates: "2025/10/09" is not a range from 2025
        }
        return start;
    }

    private static PartialDate single(String text, String raw) {
        Matcher m = DATE.matcher(text);
        if (!m.matches()) {
            throw notADate(raw);
        }
        int year = Integer.parseInt(m.group(1));
        try {
            if (m.group(3) != null) {
                return new PartialDate(LocalDate.of(year, Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))), DatePrecision.DAY, raw);
            }
            if (m.group(2) != null) {
                return new PartialDate(LocalDate.of(year, Integer.parseInt(m.group(2)), 1), DatePrecision.MONTH, raw);
            }
            return new PartialDate(LocalDate.of(year, 1, 1), DatePrecision.YEAR, raw);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("'" + raw + "' is not a calendar date (" + e.getMessage() + ")");
        }
    }

    private static IllegalArgumentException notADate(String raw) {
        return new IllegalArgumentException("'" + raw + "' is not a date (expected YYYY-MM-DD, YYYY-MM or YYYY, or a range START/END)");
    }

    /** Midnight UTC of the first day of the period: the instant the fact is taken to be known. */
    public static Instant startInstant(PartialDate date) {
        return date.getDate().atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /**
     * {@code base} moved by {@code amount} units (days, months or years), at the precision of the base.
     *
     * <p>The result is truncated to the first day of its period so that it keeps the PartialDate
     * invariant; a base known only to the month cannot yield an end date known to the day. Fractional
     * amounts (1.5 years) are converted to whole days, the finest unit the producer's figure supports.
     */
    public static PartialDate plus(PartialDate base, double amount, ChronoUnit unit) {
        LocalDate start = base.getDate();
        LocalDate moved;
        if (amount == Math.rint(amount)) {
            moved = start.plus((long) amount, unit);
        } else {
            moved = start.plusDays(Math.round(amount * unit.getDuration().toSeconds() / 86_400.0));
        }
        LocalDate truncated = switch (base.getPrecision()) {
            case MONTH -> moved.withDayOfMonth(1);
            case YEAR -> moved.withDayOfYear(1);
            default -> moved;
        };
        return new PartialDate(truncated, base.getPrecision(), format(truncated, base.getPrecision()));
    }

    /** Writes a date the way a producer would at the given precision, so the text parses back to it. */
    public static String format(LocalDate date, DatePrecision precision) {
        return switch (precision) {
            case YEAR -> String.format(Locale.ROOT, "%04d", date.getYear());
            case MONTH -> String.format(Locale.ROOT, "%04d-%02d", date.getYear(), date.getMonthValue());
            default -> date.toString();
        };
    }
}
