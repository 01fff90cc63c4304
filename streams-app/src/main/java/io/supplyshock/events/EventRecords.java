package io.supplyshock.events;

import io.supplyshock.schema.DisruptionEvent;
import io.supplyshock.schema.MarketEvent;
import io.supplyshock.schema.MarketMetric;
import io.supplyshock.schema.PartialDate;
import io.supplyshock.schema.PolicyAction;
import io.supplyshock.schema.PolicyEvent;
import io.supplyshock.schema.PolicyInstrument;

import java.time.DateTimeException;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Builds the kind-specific Avro record of a {@link SourceFact}; pure functions, no validation. */
final class EventRecords {

    private EventRecords() {
    }

    static PolicyEvent policy(SourceFact f) {
        Vocabulary.PolicyTerms terms = Vocabulary.policy(f.subtype(), f.value(), f.previousValue());
        return PolicyEvent.newBuilder()
                .setEventId(f.id())
                .setCommodity(f.commodity())
                .setInstrument(terms.instrument())
                .setAction(terms.action())
                .setRawSubtype(f.subtype())
                .setIssuerCountry(f.issuerCountry())
                .setTargetCountries(f.targetCountry() == null ? List.of() : List.of(f.targetCountry()))
                .setValue(f.value())
                .setValueMax(f.valueMax())
                .setUnit(f.unit())
                .setPreviousValue(f.previousValue())
                .setAnnouncedDate(f.announcedDate())
                .setEffectiveDate(f.effectiveDate())
                .setExpiryDate(expiry(f, terms))
                .setReportedDate(f.reportedDate())
                .setEventTime(f.eventTime())
                .setProvenance(f.provenance())
                .build();
    }

    /**
     * A pause or a negotiation window states its length ("suspends for one year", "180-day window"),
     * not its end; the end is what decides when the paused measure bites again, so derive it. Other
     * measures carry no end date in the source and stay open-ended.
     *
     * <p>A pause runs from when it takes effect (else from the event date). A negotiation window opens
     * when it is announced: producers put the window's deadline, when remedies may follow, in
     * effective_date (e41: announced 2026-01-14, 180 days, effective 2026-07-13 = the deadline).
     */
    static PartialDate expiry(SourceFact f, Vocabulary.PolicyTerms terms) {
        boolean pause = terms.action() == PolicyAction.PAUSE;
        boolean window = terms.instrument() == PolicyInstrument.NEGOTIATION_WINDOW;
        ChronoUnit unit = durationUnit(f.unit());
        if (!(pause || window) || unit == null || f.value() == null || f.value() <= 0) {
            return null;
        }
        PartialDate start = firstOf(window ? f.announcedDate() : null, f.effectiveDate(), f.eventDate());
        try {
            return PartialDates.plus(start, f.value(), unit);
        } catch (DateTimeException | ArithmeticException e) {
            return null; // a length beyond the calendar is a producer error the ingest stage can flag
        }
    }

    private static PartialDate firstOf(PartialDate... dates) {
        for (PartialDate d : dates) {
            if (d != null) {
                return d;
            }
        }
        return null;
    }

    private static ChronoUnit durationUnit(String unit) {
        return switch (Vocabulary.normalise(unit)) {
            case "day", "days" -> ChronoUnit.DAYS;
            case "month", "months" -> ChronoUnit.MONTHS;
            case "year", "years" -> ChronoUnit.YEARS;
            default -> null;
        };
    }

    static MarketEvent market(SourceFact f) {
        MarketMetric metric = Vocabulary.metric(f.kind(), f.subtype());
        boolean share = metric == MarketMetric.SUPPLY_SHARE;
        return MarketEvent.newBuilder()
                .setEventId(f.id())
                .setCommodity(f.commodity())
                .setMetric(metric)
                .setRawSubtype(f.subtype())
                .setSourceKind(f.kind())
                .setCountry(f.issuerCountry())
                .setCounterpartCountry(f.targetCountry())
                .setStage(share ? Vocabulary.stage(f.subtype()) : null)
                .setValue(f.value())
                .setValueMax(f.valueMax())
                .setUnit(f.unit())
                .setDirection(f.direction())
                .setPreviousValue(f.previousValue())
                .setPeriodStart(f.periodStart())
                // The effective date is the date the figure describes (e.g. a 2023 share reported in 2026).
                .setObservedDate(f.effectiveDate())
                .setEventTime(f.eventTime())
                .setProvenance(f.provenance())
                .build();
    }

    static DisruptionEvent disruption(SourceFact f) {
        return DisruptionEvent.newBuilder()
                .setEventId(f.id())
                .setCommodity(f.commodity())
                .setKind(Vocabulary.disruption(f.subtype()))
                .setRecovery(Vocabulary.isRecovery(f.subtype()))
                .setRawSubtype(f.subtype())
                .setCountry(f.issuerCountry())
                .setAffectedCountry(f.targetCountry())
                .setMagnitude(f.value())
                .setMagnitudeMax(f.valueMax())
                .setUnit(f.unit())
                .setStartDate(f.effectiveDate())
                .setEventTime(f.eventTime())
                .setProvenance(f.provenance())
                .build();
    }
}
