package io.supplyshock.alerting;

import io.supplyshock.schema.internal.AlertLedgerEntry;
import io.supplyshock.schema.internal.SituationRef;
import io.supplyshock.schema.internal.StorylineSlice;
import io.supplyshock.state.InstrumentFamily;
import io.supplyshock.topics.Shock;
import io.supplyshock.topics.SituationKey;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Two levels, as analysts keep them. A <b>situation</b> is one real-world measure or disruption: its issuer,
 * instrument family, commodity, targets and the date that places it in time; reports of it (the same fact from
 * several outlets, a restatement, a revised figure) are repeats or escalations of that situation. A
 * <b>storyline</b> links situations: the producer's {@code group}, the storyline of the measures a relief ends,
 * or, without either, the issuer and commodity. A shared group never merges different issuers, instruments,
 * commodities or dates; it only ties their alerts together.
 *
 * <p>As a situation is of one commodity, the situations a report can match are those of its storyline on its
 * commodity: a {@link StorylineSlice}, kept in the commodity's task. A relief ends measures of its own commodity only,
 * and a report is of one commodity, so the look-ups by ended or own event id stay within the slice too.
 */
final class Situations {

    /** Reports whose anchor dates lie within this many days of a situation's opening report are the same situation. */
    public static final int TOLERANCE_DAYS = 31;
    public static final int MAX_SITUATIONS_PER_SLICE = 100;
    public static final int MAX_EVENTS_PER_SITUATION = 50;
    public static final int MAX_RELATED_ALERTS = 20;

    private Situations() {
    }

    /**
     * What a situation is of, as its key and {@code SituationRef.family} hold it: the instrument's family, else the
     * instrument itself, the disruption's kind or the signal's type.
     */
    static String family(Shock.Instrument instrument) {
        return switch (instrument) {
            case Shock.Instrument.Policy p -> InstrumentFamily.of(p.instrument()).map(Enum::name).orElse(p.name());
            case Shock.Instrument.Disruption d -> d.name();
            case Shock.Instrument.Signal s -> s.name();
        };
    }

    /**
     * The situation a shock reports within its storyline's slice of its commodity: the one holding a measure it ends (a relief), the one
     * it already reported (a redelivery or a re-assessment), or the one with the same issuer, family,
     * commodity and targets whose opening report lies within {@link #TOLERANCE_DAYS}.
     */
    public static Optional<SituationRef> match(StorylineSlice slice, Shock shock) {
        if (slice == null) return Optional.empty();
        List<SituationRef> all = slice.getSituations();
        for (String ended : shock.endedEventIds()) {
            Optional<SituationRef> holding = all.stream().filter(r -> r.getEventIds().contains(ended)).findFirst();
            if (holding.isPresent()) return holding;
        }
        Optional<SituationRef> reported = all.stream().filter(r -> r.getEventIds().contains(shock.eventId())).findFirst();
        if (reported.isPresent()) return reported;
        String family = family(shock.instrument());
        String targets = SituationKey.OfShock.targetsOf(shock.targetCountries());
        return all.stream()
                .filter(r -> Objects.equals(r.getIssuer(), shock.issuerCountry()) && r.getFamily().equals(family)
                        && r.getCommodity().equals(shock.commodity()) && r.getTargets().equals(targets)
                        && withinTolerance(r.getAnchor(), shock.anchorDate()))
                .min(Comparator.comparingLong(r -> distance(r.getAnchor(), shock.anchorDate())));
    }

    public static SituationRef open(Shock shock) {
        String family = family(shock.instrument());
        String targets = SituationKey.OfShock.targetsOf(shock.targetCountries());
        String key = new SituationKey.OfShock(shock.storyline(), shock.issuerCountry(), family, shock.commodity(), targets,
                shock.anchorDate()).value();
        return SituationRef.newBuilder().setKey(key).setIssuer(shock.issuerCountry()).setFamily(family)
                .setCommodity(shock.commodity()).setTargets(targets).setAnchor(shock.anchorDate()).setEventIds(List.of()).build();
    }

    /** The slice with the report recorded under its situation; the oldest situations and reports are forgotten first. */
    public static StorylineSlice record(StorylineSlice slice, String storyline, SituationRef situation, String eventId) {
        List<SituationRef> situations = new ArrayList<>(slice == null ? List.of() : slice.getSituations());
        situations.removeIf(r -> r.getKey().equals(situation.getKey()));
        List<String> events = new ArrayList<>(situation.getEventIds());
        if (!events.contains(eventId)) events.add(eventId);
        if (events.size() > MAX_EVENTS_PER_SITUATION) events = new ArrayList<>(events.subList(events.size() - MAX_EVENTS_PER_SITUATION, events.size()));
        situations.add(withEventIds(situation, events));
        if (situations.size() > MAX_SITUATIONS_PER_SLICE) situations.removeFirst();
        return slice == null ? slice(storyline, situation.getCommodity(), situations, List.of(), 0)
                : slice(slice.getStoryline(), slice.getCommodity(), situations, slice.getAlertIds(), slice.getAlertCount());
    }

    // Avro's copying builders (newBuilder(record)) deep-copy every field, ledger and lists included, on every report:
    // these build the next value from the fields, sharing the unchanged ones, which nothing changes in place.
    private static SituationRef withEventIds(SituationRef situation, List<String> eventIds) {
        return situation(situation, eventIds, situation.getLedger());
    }

    /** The situation with what was alerted for it now. */
    static SituationRef withLedger(SituationRef situation, AlertLedgerEntry ledger) {
        return situation(situation, situation.getEventIds(), ledger);
    }

    private static SituationRef situation(SituationRef situation, List<String> eventIds, AlertLedgerEntry ledger) {
        return SituationRef.newBuilder().setKey(situation.getKey()).setIssuer(situation.getIssuer()).setFamily(situation.getFamily())
                .setCommodity(situation.getCommodity()).setTargets(situation.getTargets()).setAnchor(situation.getAnchor())
                .setEventIds(eventIds).setLedger(ledger).build();
    }

    private static StorylineSlice slice(String storyline, String commodity, List<SituationRef> situations, List<String> alertIds, int alertCount) {
        return StorylineSlice.newBuilder().setStoryline(storyline).setCommodity(commodity).setSituations(situations)
                .setAlertIds(alertIds).setAlertCount(alertCount).build();
    }

    /** The slice after an alert was raised in it. */
    public static StorylineSlice alerted(StorylineSlice slice, String alertId) {
        List<String> ids = new ArrayList<>(slice.getAlertIds());
        ids.add(alertId);
        if (ids.size() > MAX_RELATED_ALERTS) ids = new ArrayList<>(ids.subList(ids.size() - MAX_RELATED_ALERTS, ids.size()));
        return slice(slice.getStoryline(), slice.getCommodity(), slice.getSituations(), ids, slice.getAlertCount() + 1);
    }

    private static boolean withinTolerance(LocalDate a, LocalDate b) {
        if (a == null || b == null) return a == b;
        return distance(a, b) <= TOLERANCE_DAYS;
    }

    private static long distance(LocalDate a, LocalDate b) {
        return a == null || b == null ? 0 : Math.abs(ChronoUnit.DAYS.between(a, b));
    }
}
