package io.supplyshock.events;

import io.supplyshock.schema.PartialDate;
import io.supplyshock.schema.Provenance;

import java.time.Instant;

/**
 * One input line after parsing and the publisher's checks, before it becomes a kind-specific record.
 *
 * @param kind      normalised producer kind (one of {@link ReferenceLineMapper#KNOWN_KINDS})
 * @param subtype   producer subtype exactly as given; empty when the line has none
 * @param commodity normalised commodity id
 * @param eventDate the date {@code eventTime} was taken from; the publish date for undated lines
 * @param undated   true when no date was given and {@code eventTime} is the publish time
 */
record SourceFact(
        String id,
        String kind,
        String subtype,
        String commodity,
        String issuerCountry,
        String targetCountry,
        Double value,
        Double valueMax,
        String unit,
        String direction,
        Double previousValue,
        PartialDate effectiveDate,
        PartialDate announcedDate,
        PartialDate reportedDate,
        PartialDate periodStart,
        PartialDate eventDate,
        Instant eventTime,
        boolean undated,
        Provenance provenance) {
}
