package io.supplyshock.signals;


import io.supplyshock.state.CommodityStates;
import io.supplyshock.scoring.Knowledge;
import io.supplyshock.state.FactInContext;
import io.supplyshock.schema.Severity;
import io.supplyshock.scoring.ShockBuilder;
import io.supplyshock.scoring.TimeToEffect;
import io.supplyshock.state.Measures;
import io.supplyshock.scoring.SeverityModel;
import io.supplyshock.schema.AlertType;
import io.supplyshock.schema.CommodityState;
import io.supplyshock.schema.Measure;
import io.supplyshock.schema.PartialDate;
import io.supplyshock.schema.PolicyEvent;
import io.supplyshock.schema.PolicyInstrument;
import io.supplyshock.schema.ShockDirection;
import io.supplyshock.schema.internal.DeadlineMilestone;
import io.supplyshock.topics.Shock;
import io.supplyshock.topics.SituationKey;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Countdowns: when a measure takes effect, when it or a pause of it lapses, and when a negotiation
 * window closes, with milestones at the configured lead times before each date and on the date itself.
 *
 * <p>A milestone is scheduled only when it falls after the moment the deadline became known (the policy
 * event's time), so replaying history schedules exactly what the live run scheduled. When it comes due,
 * it is checked against the commodity state as of that moment: a measure paused or lifted by then gets
 * no countdown.
 */
final class Deadlines {

    static final String TAKES_EFFECT = "TAKES_EFFECT";
    static final String LAPSES = "LAPSES";
    static final String WINDOW_CLOSES = "WINDOW_CLOSES";
    /** A closing negotiation window lets the measures it holds back go ahead: weighed like a threatened tariff. */
    static final double WINDOW_CLOSE_WEIGHT = 0.6;
    /** A pause that ended no known measure still lapses, weakly. */
    static final double UNKNOWN_PAUSE_WEIGHT = 0.5;

    private Deadlines() {
    }

    /**
     * The milestones of one measure. Funding, plans and agreements get none: only measures that restrict
     * supply (and pauses of them, and negotiation windows) have dates worth counting down to.
     */
    public static List<DeadlineMilestone> milestones(Measure m, PolicyEvent source, List<Integer> leads) {
        List<DeadlineMilestone> out = new ArrayList<>();
        Instant knownAt = knownAt(source);
        if (m.getInstrument() == PolicyInstrument.NEGOTIATION_WINDOW) {
            Optional<LocalDate> end = m.getExpiresOn() != null ? Optional.of(m.getExpiresOn()) : windowEnd(m);
            end.ifPresent(date -> add(out, m, source, WINDOW_CLOSES, date, knownAt, leads));
            return out;
        }
        boolean restricts = !SeverityModel.isSupplyNeutral(m.getInstrument());
        if (restricts && Measures.tightens(m.getAction()) && m.getEffectiveOn() != null) {
            add(out, m, source, TAKES_EFFECT, m.getEffectiveOn(), knownAt, leads);
        }
        if (restricts && m.getExpiresOn() != null) {
            add(out, m, source, LAPSES, m.getExpiresOn(), knownAt, leads);
        }
        return out;
    }

    /**
     * When the measure was certainly known: the end of the period of its announcement, else of its report.
     * "Reported 2026-01" may mean the 31st, so a countdown due in January must not be scheduled from it.
     */
    static Instant knownAt(PolicyEvent e) {
        PartialDate stated = e.getAnnouncedDate() != null ? e.getAnnouncedDate() : e.getReportedDate();
        if (stated == null) return e.getEventTime();
        LocalDate end = switch (stated.getPrecision()) {
            case MONTH -> stated.getDate().withDayOfMonth(1).plusMonths(1);
            case YEAR -> stated.getDate().withDayOfYear(1).plusYears(1);
            default -> stated.getDate();
        };
        Instant periodEnd = end.atStartOfDay(ZoneOffset.UTC).toInstant();
        return periodEnd.isAfter(e.getEventTime()) ? periodEnd : e.getEventTime();
    }

    /** A window's end is its effective date, or its announcement plus its stated length in days. */
    private static Optional<LocalDate> windowEnd(Measure m) {
        if (m.getEffectiveOn() != null && (m.getAnnouncedOn() == null || m.getEffectiveOn().isAfter(m.getAnnouncedOn()))) {
            return Optional.of(m.getEffectiveOn());
        }
        if (m.getAnnouncedOn() != null && m.getValue() != null && "days".equals(m.getUnit())) {
            return Optional.of(m.getAnnouncedOn().plusDays(m.getValue().longValue()));
        }
        return Optional.empty();
    }

    private static void add(List<DeadlineMilestone> out, Measure m, PolicyEvent source, String kind,
                            LocalDate deadline, Instant knownAt, List<Integer> leads) {
        List<Integer> all = new ArrayList<>(leads);
        all.add(0);
        for (int lead : all) {
            Instant due = deadline.minusDays(lead).atStartOfDay(ZoneOffset.UTC).toInstant();
            if (!due.isAfter(knownAt)) continue;
            out.add(DeadlineMilestone.newBuilder()
                    .setMilestoneId(m.getEventId() + "|" + kind + "|" + deadline + "|" + lead)
                    .setCommodity(source.getCommodity())
                    .setMeasureEventId(m.getEventId())
                    .setGroup(m.getGroup())
                    .setKind(kind)
                    .setInstrument(m.getInstrument())
                    .setAction(m.getAction())
                    .setIssuerCountry(m.getIssuerCountry())
                    .setTargetCountries(m.getTargetCountries())
                    .setDeadline(deadline)
                    .setLeadDays(lead)
                    .setDueAt(due)
                    .setKnownAt(knownAt)
                    .setSourceSummary(source.getProvenance().getSummary())
                    .setQuote(source.getProvenance().getQuote())
                    .build());
        }
    }

    /**
     * How much the measure matters, which decides whether it gets countdowns: its own severity, or for a
     * negotiation window the weight of what it holds back.
     */
    public static Severity band(Measure m, PolicyEvent source, FactInContext in, double capPct) {
        if (m.getInstrument() == PolicyInstrument.NEGOTIATION_WINDOW) return SeverityModel.severityOf(SeverityModel.toScore(WINDOW_CLOSE_WEIGHT));
        Knowledge k = new Knowledge(in.atEventTime(), in.latest(), CommodityStates.dateOf(source.getEventTime()));
        List<Measure> ended = in.latest().getMeasures().stream().filter(x -> source.getEventId().equals(x.getEndedBy())).toList();
        return SeverityModel.scorePolicy(source, k, ended, capPct).severity();
    }

    /** The alert for a milestone that came due, or empty when the measure was ended before it. */
    public static Optional<Shock> alert(DeadlineMilestone d, CommodityState stateAtDue) {
        LocalDate dueDate = LocalDate.ofInstant(d.getDueAt(), ZoneOffset.UTC);
        Optional<Measure> measure = stateAtDue == null ? Optional.empty()
                : stateAtDue.getMeasures().stream().filter(m -> m.getEventId().equals(d.getMeasureEventId())).findFirst();
        boolean isRelief = Measures.relieves(d.getAction());
        if (!isRelief && measure.isPresent() && Measures.isEnded(measure.get(), dueDate)) {
            return Optional.empty();
        }
        List<Measure> held = isRelief && stateAtDue != null
                ? stateAtDue.getMeasures().stream().filter(m -> d.getMeasureEventId().equals(m.getEndedBy())).toList()
                : List.of();
        double weight;
        ShockDirection direction = ShockDirection.ESCALATION;
        String what;
        String label = label(d);
        switch (d.getKind()) {
            case WINDOW_CLOSES -> {
                weight = WINDOW_CLOSE_WEIGHT;
                what = label + " closes";
            }
            case LAPSES -> {
                if (isRelief) {
                    weight = held.stream().mapToDouble(m -> SeverityModel.stringencyOf(m.getInstrument())).max().orElse(UNKNOWN_PAUSE_WEIGHT);
                    what = label + " lapses" + (held.isEmpty() ? "" : " and " + String.join(", ", held.stream().map(Measure::getEventId).toList()) + " resume");
                } else {
                    weight = 0.5 * SeverityModel.stringencyOf(d.getInstrument());
                    direction = ShockDirection.DE_ESCALATION;
                    what = label + " lapses";
                }
            }
            default -> {
                weight = SeverityModel.stringencyOf(d.getInstrument());
                what = label + " takes effect";
            }
        }
        int lead = d.getLeadDays();
        AlertType type = lead > 0 ? AlertType.COUNTDOWN : TAKES_EFFECT.equals(d.getKind()) ? AlertType.TAKES_EFFECT : AlertType.LAPSES;
        String when = lead == 0 ? "on " + d.getDeadline() : "in " + lead + " day" + (lead == 1 ? "" : "s") + " (" + d.getDeadline() + ")";
        ShockBuilder shock = new ShockBuilder(type, d.getCommodity())
                .deadline(d.getInstrument(), d.getAction())
                .trigger(d.getMeasureEventId(), d.getDueAt())
                .country(d.getIssuerCountry())
                .targets(d.getTargetCountries())
                .group(d.getGroup())
                .direction(direction)
                .dedupKey(SituationKey.OfDeadline.of(d.getGroup(), d.getMeasureEventId(), d.getKind(), d.getDeadline(), lead).value())
                .sourceText(d.getSourceSummary(), d.getQuote())
                .factor("deadline_weight", d.getKind() + " " + d.getInstrument(), weight,
                        "takes effect: the measure's stringency; a window closing 0.6; a pause lapsing: the strongest measure it held back; a measure lapsing: half its stringency")
                .factor("lead_time", lead == 0 ? "today" : lead + " days", TimeToEffect.factor(lead), TimeToEffect.describe())
                .fact("known_since", d.getKnownAt().toString(), "event time of " + d.getMeasureEventId() + ", which made the deadline known");
        held.forEach(m -> shock.source(m.getEventId()));
        return Optional.of(shock.summary(what + " " + when).build());
    }

    private static String label(DeadlineMilestone d) {
        return String.format(Locale.ROOT, "%s %s%s on %s (%s)", d.getIssuerCountry() == null ? "unnamed issuer's" : d.getIssuerCountry(),
                d.getInstrument().name().toLowerCase(Locale.ROOT).replace('_', ' '),
                Measures.relieves(d.getAction()) ? " " + d.getAction().name().toLowerCase(Locale.ROOT) : "",
                d.getCommodity(), d.getMeasureEventId());
    }
}
