package io.supplyshock.events;

import io.supplyshock.schema.DatePrecision;
import io.supplyshock.schema.PartialDate;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PartialDatesTest {

    @Test
    void dayMonthAndYearPrecision() {
        assertThat(PartialDates.parse("2025-12-01")).isEqualTo(new PartialDate(LocalDate.of(2025, 12, 1), DatePrecision.DAY, "2025-12-01"));
        assertThat(PartialDates.parse("2025-10")).isEqualTo(new PartialDate(LocalDate.of(2025, 10, 1), DatePrecision.MONTH, "2025-10"));
        assertThat(PartialDates.parse("2023")).isEqualTo(new PartialDate(LocalDate.of(2023, 1, 1), DatePrecision.YEAR, "2023"));
    }

    @Test
    void absentDatesAreNull() {
        assertThat(PartialDates.parse(null)).isNull();
        assertThat(PartialDates.parse("  ")).isNull();
    }

    @Test
    void rangesTakeTheStartAndKeepTheRawText() {
        PartialDate slash = PartialDates.parse("2025-10/2025-12");
        assertThat(slash.getDate()).isEqualTo(LocalDate.of(2025, 10, 1));
        assertThat(slash.getPrecision()).isEqualTo(DatePrecision.MONTH);
        assertThat(slash.getRaw()).isEqualTo("2025-10/2025-12");
        assertThat(PartialDates.parse("2025-10..2025-12").getDate()).isEqualTo(LocalDate.of(2025, 10, 1));
        assertThat(PartialDates.parse("2025-10-03 / 2025-10-05").getDate()).isEqualTo(LocalDate.of(2025, 10, 3));
    }

    @Test
    void rejectsWhatIsNotACalendarDate() {
        assertThatThrownBy(() -> PartialDates.parse("2025-13-45")).hasMessageContaining("'2025-13-45' is not a calendar date");
        assertThatThrownBy(() -> PartialDates.parse("2025-02-30")).hasMessageContaining("not a calendar date");
        assertThatThrownBy(() -> PartialDates.parse("late 2025")).hasMessageContaining("expected YYYY-MM-DD, YYYY-MM or YYYY");
        assertThatThrownBy(() -> PartialDates.parse("2025/10/09")).hasMessageContaining("is not a date");
        assertThatThrownBy(() -> PartialDates.parse("2025-10/2025-13")).hasMessageContaining("not a calendar date");
        assertThatThrownBy(() -> PartialDates.parse("2025-10/")).hasMessageContaining("is not a date");
    }

    @Test
    void startInstantIsMidnightUtcOfTheFirstDay() {
        assertThat(PartialDates.startInstant(PartialDates.parse("2025-10"))).isEqualTo(Instant.parse("2025-10-01T00:00:00Z"));
    }

    @Test
    void plusKeepsThePrecisionOfTheBase() {
        assertThat(PartialDates.plus(PartialDates.parse("2025-11"), 1, ChronoUnit.YEARS))
                .isEqualTo(new PartialDate(LocalDate.of(2026, 11, 1), DatePrecision.MONTH, "2026-11"));
        assertThat(PartialDates.plus(PartialDates.parse("2026-07-13"), 180, ChronoUnit.DAYS))
                .isEqualTo(new PartialDate(LocalDate.of(2027, 1, 9), DatePrecision.DAY, "2027-01-09"));
        // a month-precise start cannot give a day-precise end: truncated to the first of the month
        assertThat(PartialDates.plus(PartialDates.parse("2025-11"), 90, ChronoUnit.DAYS).getDate()).isEqualTo(LocalDate.of(2026, 1, 1));
        // 1.5 years = 548 days (average year of 365.2425 days)
        assertThat(PartialDates.plus(PartialDates.parse("2025-01-01"), 1.5, ChronoUnit.YEARS).getDate()).isEqualTo(LocalDate.of(2025, 1, 1).plusDays(548));
    }
}
