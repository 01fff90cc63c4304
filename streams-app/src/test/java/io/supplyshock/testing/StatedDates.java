package io.supplyshock.testing;

import io.supplyshock.schema.DatePrecision;
import io.supplyshock.schema.PartialDate;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;

/** Dates as producers state them, a year ("2024") or a month ("2025-06"), for records built by hand in tests. */
public final class StatedDates {

    private StatedDates() {
    }

    public static PartialDate of(String raw) {
        return raw.length() == 4
                ? new PartialDate(LocalDate.of(Integer.parseInt(raw), 1, 1), DatePrecision.YEAR, raw)
                : new PartialDate(YearMonth.parse(raw).atDay(1), DatePrecision.MONTH, raw);
    }

    public static Instant start(String raw) {
        return of(raw).getDate().atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
