package io.supplyshock.domain;

import io.supplyshock.schema.CommodityState;
import io.supplyshock.schema.DisruptionEvent;
import io.supplyshock.schema.DisruptionKind;
import io.supplyshock.schema.ExplanationInput;
import io.supplyshock.schema.Measure;
import io.supplyshock.schema.PolicyAction;
import io.supplyshock.schema.PolicyEvent;
import io.supplyshock.schema.PolicyInstrument;
import io.supplyshock.schema.Severity;
import io.supplyshock.schema.ShockDirection;
import io.supplyshock.schema.SupplyShare;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The explainable severity model. A score is a product of factors, each between 0 and 1, times 100:
 *
 * <pre>
 *   score = 100 x stringency x action x concentration x breadth x urgency
 * </pre>
 *
 * Each factor is reported with the value it came from, so an analyst can recompute any alert by hand.
 * The weights are in the README; they are deliberately simple tables rather than a fitted model,
 * because users must be able to argue with them.
 */
public final class SeverityModel {

    public record Score(int score, Severity severity, ShockDirection direction, List<ExplanationInput> inputs,
                        String summary, List<String> sourceEventIds) {
    }

    private static final Map<PolicyInstrument, Double> STRINGENCY = new EnumMap<>(PolicyInstrument.class);
    private static final Set<PolicyInstrument> SUPPLY_NEUTRAL = EnumSet.of(PolicyInstrument.EQUITY_STAKE,
            PolicyInstrument.LOAN_OR_GUARANTEE, PolicyInstrument.GRANT_OR_SUBSIDY, PolicyInstrument.INVESTMENT,
            PolicyInstrument.TRADE_AGREEMENT, PolicyInstrument.STRATEGIC_PLAN, PolicyInstrument.NEGOTIATION_WINDOW,
            PolicyInstrument.CONCENTRATION_CAP, PolicyInstrument.OTHER);
    private static final Map<DisruptionKind, Double> DISRUPTION = new EnumMap<>(DisruptionKind.class);

    static {
        STRINGENCY.put(PolicyInstrument.EXPORT_BAN, 0.95);
        STRINGENCY.put(PolicyInstrument.SANCTION, 0.95);
        STRINGENCY.put(PolicyInstrument.EXPORT_LICENCE, 0.85);
        STRINGENCY.put(PolicyInstrument.EXPORT_CONTROL, 0.85);
        STRINGENCY.put(PolicyInstrument.LICENCE_REVOCATION, 0.8);
        STRINGENCY.put(PolicyInstrument.EXPORT_QUOTA, 0.7);
        STRINGENCY.put(PolicyInstrument.QUOTA, 0.65);
        STRINGENCY.put(PolicyInstrument.IMPORT_RESTRICTION, 0.6);
        STRINGENCY.put(PolicyInstrument.STOCKPILE_PURCHASE, 0.45);
        STRINGENCY.put(PolicyInstrument.LOCALISATION_REQUIREMENT, 0.4);
        STRINGENCY.put(PolicyInstrument.PRICE_FLOOR, 0.35);
        STRINGENCY.put(PolicyInstrument.PRICE_CAP, 0.35);
        STRINGENCY.put(PolicyInstrument.NEGOTIATION_WINDOW, 0.3);
        STRINGENCY.put(PolicyInstrument.CONCENTRATION_CAP, 0.3);
        STRINGENCY.put(PolicyInstrument.EQUITY_STAKE, 0.15);
        STRINGENCY.put(PolicyInstrument.LOAN_OR_GUARANTEE, 0.15);
        STRINGENCY.put(PolicyInstrument.GRANT_OR_SUBSIDY, 0.15);
        STRINGENCY.put(PolicyInstrument.INVESTMENT, 0.15);
        STRINGENCY.put(PolicyInstrument.TRADE_AGREEMENT, 0.15);
        STRINGENCY.put(PolicyInstrument.STRATEGIC_PLAN, 0.15);
        STRINGENCY.put(PolicyInstrument.OTHER, 0.2);

        DISRUPTION.put(DisruptionKind.PRODUCER_BAN, 0.9);
        DISRUPTION.put(DisruptionKind.NATURAL_DISASTER, 0.7);
        DISRUPTION.put(DisruptionKind.ACCIDENT, 0.6);
        DISRUPTION.put(DisruptionKind.OUTAGE, 0.6);
        DISRUPTION.put(DisruptionKind.SHORTAGE, 0.6);
        DISRUPTION.put(DisruptionKind.STRIKE, 0.5);
        DISRUPTION.put(DisruptionKind.LOGISTICS, 0.3);
        DISRUPTION.put(DisruptionKind.LEAD_TIME, 0.3);
        DISRUPTION.put(DisruptionKind.OTHER, 0.4);
    }

    /** Concentration never drops below this floor: an unknown share is not a zero share. */
    static final double SHARE_FLOOR = 0.4;
    /** A pause lets the measure come back, so it relieves less than a lift. */
    static final double PAUSE_RELIEF = 0.6;
    static final double EXEMPT_RELIEF = 0.5;
    static final double LIFT_RELIEF = 1.0;
    /** A relief that ends nothing known still signals a thaw, weakly. */
    static final double UNMATCHED_RELIEF = 0.3;

    private SeverityModel() {
    }

    public static Severity severityOf(int score) {
        if (score >= 80) return Severity.CRITICAL;
        if (score >= 60) return Severity.HIGH;
        if (score >= 40) return Severity.MEDIUM;
        if (score >= 20) return Severity.LOW;
        return Severity.INFO;
    }

    /** The EU Critical Raw Materials Act's single-country cap: no more than 65% of a strategic material from one country. */
    public static final double DEFAULT_CONCENTRATION_CAP_PCT = 65.0;

    public static Score scorePolicy(PolicyEvent e, CommodityState stateAtEventTime, List<Measure> endedMeasures) {
        return scorePolicy(e, stateAtEventTime, endedMeasures, DEFAULT_CONCENTRATION_CAP_PCT);
    }

    public static Score scoreDisruption(DisruptionEvent e, CommodityState stateAtEventTime) {
        return scoreDisruption(e, stateAtEventTime, DEFAULT_CONCENTRATION_CAP_PCT);
    }

    public static Score scorePolicy(PolicyEvent e, CommodityState stateAtEventTime, List<Measure> endedMeasures,
                                    double concentrationCapPct) {
        LocalDate on = CommodityStates.dateOf(e.getEventTime());
        List<ExplanationInput> inputs = new ArrayList<>();
        Set<String> sources = new LinkedHashSet<>();
        sources.add(e.getEventId());

        if (Measures.relieves(e.getAction())) {
            return scoreRelief(e, stateAtEventTime, endedMeasures, inputs, sources);
        }

        double stringency = stringency(e);
        inputs.add(input("stringency", stringencyValue(e), stringency,
                "instrument " + e.getInstrument() + " mapped from subtype '" + e.getRawSubtype() + "'"));
        double action = switch (e.getAction()) {
            case THREATEN -> 0.5;
            case OTHER -> 0.8;
            default -> 1.0;
        };
        inputs.add(input("action", e.getAction().name(), action, "a threat counts half"));
        double concentration = concentration(e.getIssuerCountry(), stateAtEventTime, inputs, sources);
        double breadth = breadth(e.getTargetCountries());
        inputs.add(input("breadth", e.getTargetCountries().isEmpty() ? "all destinations" : String.join(",", e.getTargetCountries()),
                breadth, "measures on every destination hit harder than bilateral ones"));
        double urgency = urgency(on, CommodityStates.date(e.getEffectiveDate()), inputs);

        ShockDirection direction = SUPPLY_NEUTRAL.contains(e.getInstrument()) ? ShockDirection.NEUTRAL : ShockDirection.ESCALATION;
        int score = toScore(stringency * action * concentration * breadth * urgency);
        String summary = String.format(Locale.ROOT, "%s %s %s on %s%s; %s; score %d",
                orUnknown(e.getIssuerCountry()), e.getAction().name().toLowerCase(Locale.ROOT), label(e.getInstrument()),
                e.getCommodity(), targets(e.getTargetCountries()), shareSentence(e.getIssuerCountry(), stateAtEventTime),
                score);
        Severity severity = severityOf(score);
        if (direction == ShockDirection.ESCALATION) {
            Severity raised = raisedForConcentration(e.getIssuerCountry(), stateAtEventTime, concentrationCapPct, severity, inputs);
            if (raised != severity) {
                summary += "; above the " + fmt(concentrationCapPct) + "% single-country cap: severity raised to " + raised;
                severity = raised;
            }
        }
        return new Score(score, severity, direction, inputs, summary, List.copyOf(sources));
    }

    /**
     * A shock from an issuer above the single-country cap is raised one band. The score stays the product
     * of its factors so it can still be recomputed by hand; the raise is its own, named input.
     */
    private static Severity raisedForConcentration(String issuer, CommodityState state, double capPct, Severity severity,
                                                   List<ExplanationInput> inputs) {
        Optional<SupplyShare> share = CommodityStates.largestShareOf(state, issuer);
        if (share.isEmpty() || share.get().getSharePct() <= capPct) return severity;
        Severity raised = severity == Severity.CRITICAL ? severity : Severity.values()[severity.ordinal() + 1];
        inputs.add(input("concentration", String.format(Locale.ROOT, "%s %s%% %s > %s%% cap", issuer, fmt(share.get().getSharePct()),
                        share.get().getStage(), fmt(capPct)), 1.0,
                "issuer holds more than the single-country cap at some stage: severity raised from " + severity + " to " + raised));
        return raised;
    }

    private static Score scoreRelief(PolicyEvent e, CommodityState state, List<Measure> ended,
                                     List<ExplanationInput> inputs, Set<String> sources) {
        double relief = switch (e.getAction()) {
            case PAUSE -> PAUSE_RELIEF;
            case EXEMPT -> EXEMPT_RELIEF;
            case LOWER -> EXEMPT_RELIEF;
            default -> LIFT_RELIEF;
        };
        inputs.add(input("relief", e.getAction().name(), relief, "a pause can lapse, an exemption is partial, a lift is final"));
        double stringency;
        if (ended.isEmpty()) {
            stringency = STRINGENCY.getOrDefault(e.getInstrument(), 0.2) * UNMATCHED_RELIEF;
            inputs.add(input("ended_measures", "none known", stringency,
                    "no active " + label(e.getInstrument()) + " by " + orUnknown(e.getIssuerCountry()) + " on " + e.getCommodity()));
        } else {
            Measure strongest = ended.stream()
                    .max(Comparator.comparingDouble(m -> STRINGENCY.getOrDefault(m.getInstrument(), 0.2))).orElseThrow();
            stringency = STRINGENCY.getOrDefault(strongest.getInstrument(), 0.2);
            List<String> ids = ended.stream().map(Measure::getEventId).toList();
            sources.addAll(ids);
            inputs.add(input("ended_measures", String.join(",", ids), stringency,
                    "strongest ended measure: " + label(strongest.getInstrument()) + " (" + strongest.getEventId() + ")"));
        }
        double concentration = concentration(e.getIssuerCountry(), state, inputs, sources);
        int score = toScore(relief * stringency * concentration);
        String endedText = ended.isEmpty() ? "ends no known measure"
                : "ends " + ended.size() + " measure(s): " + String.join(", ", ended.stream().map(Measure::getEventId).toList());
        String until = e.getExpiryDate() == null ? "" : " until " + e.getExpiryDate().getDate();
        String summary = String.format(Locale.ROOT, "%s %s %s on %s%s%s; %s; %s; relief score %d",
                orUnknown(e.getIssuerCountry()), e.getAction().name().toLowerCase(Locale.ROOT), label(e.getInstrument()),
                e.getCommodity(), targets(e.getTargetCountries()), until, endedText,
                shareSentence(e.getIssuerCountry(), state), score);
        return new Score(score, severityOf(score), ShockDirection.DE_ESCALATION, inputs, summary, List.copyOf(sources));
    }

    public static Score scoreDisruption(DisruptionEvent e, CommodityState stateAtEventTime, double concentrationCapPct) {
        List<ExplanationInput> inputs = new ArrayList<>();
        Set<String> sources = new LinkedHashSet<>();
        sources.add(e.getEventId());
        double kind = DISRUPTION.getOrDefault(e.getKind(), 0.4);
        inputs.add(input("disruption_kind", e.getKind().name(), kind, "mapped from subtype '" + e.getRawSubtype() + "'"));
        double concentration = concentration(e.getCountry(), stateAtEventTime, inputs, sources);
        int score = toScore(kind * concentration);
        String summary = String.format(Locale.ROOT, "%s disruption of %s%s; %s; score %d",
                e.getKind().name().toLowerCase(Locale.ROOT).replace('_', ' '), e.getCommodity(),
                e.getCountry() == null ? "" : " in " + e.getCountry(), shareSentence(e.getCountry(), stateAtEventTime), score);
        Severity severity = severityOf(score);
        Severity raised = raisedForConcentration(e.getCountry(), stateAtEventTime, concentrationCapPct, severity, inputs);
        if (raised != severity) {
            summary += "; above the " + fmt(concentrationCapPct) + "% single-country cap: severity raised to " + raised;
        }
        return new Score(score, raised, ShockDirection.ESCALATION, inputs, summary, List.copyOf(sources));
    }

    /** Instruments that fund, plan or negotiate rather than restrict supply. */
    public static boolean isSupplyNeutral(PolicyInstrument instrument) {
        return SUPPLY_NEUTRAL.contains(instrument);
    }

    /** Base stringency of an instrument, before tariff sizing; the weight of its deadlines. */
    public static double stringencyOf(PolicyInstrument instrument) {
        return STRINGENCY.getOrDefault(instrument, 0.2);
    }

    /** Tariffs scale with the size of the rate change: a 50-point hike is far stronger than a 5-point one. */
    static double stringency(PolicyEvent e) {
        if (e.getInstrument() == PolicyInstrument.TARIFF) {
            if ("pct".equals(e.getUnit()) && e.getValue() != null) {
                double previous = e.getPreviousValue() == null ? 0.0 : e.getPreviousValue();
                double change = Math.abs(e.getValue() - previous);
                return 0.25 + 0.5 * Math.min(1.0, change / 100.0);
            }
            return 0.4;
        }
        return STRINGENCY.getOrDefault(e.getInstrument(), 0.2);
    }

    private static String stringencyValue(PolicyEvent e) {
        if (e.getInstrument() == PolicyInstrument.TARIFF && e.getValue() != null) {
            return String.format(Locale.ROOT, "TARIFF %s -> %s %s", e.getPreviousValue() == null ? "0" : fmt(e.getPreviousValue()),
                    fmt(e.getValue()), e.getUnit() == null ? "" : e.getUnit());
        }
        return e.getInstrument().name();
    }

    private static double concentration(String country, CommodityState state, List<ExplanationInput> inputs, Set<String> sources) {
        Optional<SupplyShare> share = CommodityStates.largestShareOf(state, country);
        if (share.isEmpty()) {
            inputs.add(input("issuer_share", "unknown", SHARE_FLOOR,
                    "no supply share of " + orUnknown(country) + " known for " + state.getCommodity() + " at event time"));
            return SHARE_FLOOR;
        }
        SupplyShare s = share.get();
        if (s.getSource() != null) sources.add(s.getSource());
        double factor = SHARE_FLOOR + (1 - SHARE_FLOOR) * Math.min(100.0, s.getSharePct()) / 100.0;
        inputs.add(input("issuer_share", String.format(Locale.ROOT, "%s %s%% %s", country, fmt(s.getSharePct()), s.getStage()),
                factor, "largest share of world supply held by " + country + " at any stage (source " + s.getSource()
                        + (s.getAsOf() == null ? "" : ", as of " + s.getAsOf()) + ")"));
        return factor;
    }

    private static double breadth(List<String> targets) {
        if (targets.isEmpty()) return 1.0;
        if (targets.stream().anyMatch(Countries::isBloc) || targets.size() >= 3) return 0.9;
        return 0.75;
    }

    private static double urgency(LocalDate on, LocalDate effective, List<ExplanationInput> inputs) {
        if (effective == null) {
            inputs.add(input("time_to_effect", "unknown", 0.9, "no effective date given"));
            return 0.9;
        }
        long days = ChronoUnit.DAYS.between(on, effective);
        double factor = days <= 0 ? 1.0 : days <= 90 ? 0.95 : days <= 365 ? 0.8 : 0.6;
        inputs.add(input("time_to_effect", days <= 0 ? "in effect" : days + " days (effective " + effective + ")", factor,
                "in effect 1.0, within 90 days 0.95, within a year 0.8, later 0.6"));
        return factor;
    }

    private static String shareSentence(String country, CommodityState state) {
        return CommodityStates.largestShareOf(state, country)
                .map(s -> String.format(Locale.ROOT, "%s holds %s%% of world %s supply (%s)", country, fmt(s.getSharePct()),
                        s.getStage().name().toLowerCase(Locale.ROOT), s.getSource()))
                .orElse("no supply share known for " + orUnknown(country));
    }

    public static ExplanationInput input(String name, String value, double factor, String note) {
        return ExplanationInput.newBuilder().setName(name).setValue(value).setFactor(round3(factor)).setNote(note).build();
    }

    public static int toScore(double product) {
        return (int) Math.max(0, Math.min(100, Math.round(100 * product)));
    }

    private static String label(PolicyInstrument instrument) {
        return instrument.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private static String targets(List<String> targets) {
        return targets.isEmpty() ? "" : " against " + String.join(",", targets);
    }

    private static String orUnknown(String country) {
        return country == null ? "unknown issuer" : country;
    }

    public static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    private static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
