package io.supplyshock.scoring;

import io.supplyshock.state.CommodityStates;
import io.supplyshock.topics.Countries;
import io.supplyshock.state.Measures;
import io.supplyshock.config.AppConfig;
import io.supplyshock.schema.CommodityState;
import io.supplyshock.schema.DisruptionEvent;
import io.supplyshock.schema.ExplanationInput;
import io.supplyshock.schema.Measure;
import io.supplyshock.schema.PolicyAction;
import io.supplyshock.schema.PolicyEvent;
import io.supplyshock.schema.PolicyInstrument;
import io.supplyshock.schema.Severity;
import io.supplyshock.schema.ShockDirection;
import io.supplyshock.schema.SupplyShare;
import io.supplyshock.topics.StageApi;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The explainable severity model. A score is 100 times a product of named factors, each between 0 and 1,
 * and each instrument class brings the factors that decide its weight (README, "Severity"):
 * <ul>
 *   <li>export-side measures: the issuer's share of world supply, breadth of destinations, time to effect;</li>
 *   <li>import-side measures: the rate step, the importer's import reliance and weight in world demand, and
 *       for bilateral measures the target's share of the importer's supply;</li>
 *   <li>market interventions: their size against the market (a purchase against consumption, money against
 *       the market's annual value, a floor or cap against the market price);</li>
 *   <li>disruptions: the share of supply of the disrupted country and the stated magnitude.</li>
 * </ul>
 * Every factor is reported with its value and provenance, so an analyst can recompute an alert by hand.
 */
@StageApi
public final class SeverityModel {

    public record Score(int score, Severity severity, ShockDirection direction, List<ExplanationInput> inputs,
                        String summary, List<String> sourceEventIds) {
    }

    enum InstrumentClass { EXPORT_SIDE, IMPORT_SIDE, MARKET_INTERVENTION, GENERAL }

    private static final Map<PolicyInstrument, Double> STRINGENCY = new EnumMap<>(PolicyInstrument.class);
    private static final Set<PolicyInstrument> SUPPLY_NEUTRAL = EnumSet.of(PolicyInstrument.EQUITY_STAKE,
            PolicyInstrument.LOAN_OR_GUARANTEE, PolicyInstrument.GRANT_OR_SUBSIDY, PolicyInstrument.INVESTMENT,
            PolicyInstrument.TRADE_AGREEMENT, PolicyInstrument.STRATEGIC_PLAN, PolicyInstrument.NEGOTIATION_WINDOW,
            PolicyInstrument.CONCENTRATION_CAP, PolicyInstrument.OTHER);

    static {
        STRINGENCY.put(PolicyInstrument.EXPORT_BAN, 0.95);
        STRINGENCY.put(PolicyInstrument.SANCTION, 0.9);
        STRINGENCY.put(PolicyInstrument.EXPORT_LICENCE, 0.85);
        STRINGENCY.put(PolicyInstrument.EXPORT_CONTROL, 0.85);
        STRINGENCY.put(PolicyInstrument.LICENCE_REVOCATION, 0.8);
        STRINGENCY.put(PolicyInstrument.IMPORT_RESTRICTION, 0.75);
        STRINGENCY.put(PolicyInstrument.EXPORT_QUOTA, 0.7);
        STRINGENCY.put(PolicyInstrument.QUOTA, 0.65);
        STRINGENCY.put(PolicyInstrument.STOCKPILE_PURCHASE, 0.75);
        STRINGENCY.put(PolicyInstrument.PRICE_FLOOR, 0.6);
        STRINGENCY.put(PolicyInstrument.PRICE_CAP, 0.6);
        STRINGENCY.put(PolicyInstrument.TARIFF, 0.45);
        STRINGENCY.put(PolicyInstrument.LOCALISATION_REQUIREMENT, 0.4);
        STRINGENCY.put(PolicyInstrument.NEGOTIATION_WINDOW, 0.3);
        STRINGENCY.put(PolicyInstrument.CONCENTRATION_CAP, 0.3);
        STRINGENCY.put(PolicyInstrument.EQUITY_STAKE, 0.5);
        STRINGENCY.put(PolicyInstrument.LOAN_OR_GUARANTEE, 0.5);
        STRINGENCY.put(PolicyInstrument.GRANT_OR_SUBSIDY, 0.5);
        STRINGENCY.put(PolicyInstrument.INVESTMENT, 0.5);
        STRINGENCY.put(PolicyInstrument.TRADE_AGREEMENT, 0.15);
        STRINGENCY.put(PolicyInstrument.STRATEGIC_PLAN, 0.15);
        STRINGENCY.put(PolicyInstrument.OTHER, 0.2);
    }

    /** A pause lets the measure come back, so it relieves less than a lift. */
    static final double PAUSE_RELIEF = 0.6;
    static final double EXEMPT_RELIEF = 0.5;
    static final double LIFT_RELIEF = 1.0;
    /** A relief of measures not in view (issued before the feed began, say) still signals a thaw, at half weight. */
    static final double UNMATCHED_RELIEF = 0.5;
    /** A recovery from a disruption (a canal reopened, a plant restarted) relieves its weight, less the ramp-up. */
    static final double RECOVERY_RELIEF = 0.8;

    /** The cap of a default configuration ({@link AppConfig#CONCENTRATION_CAP_PCT}), for callers that score one event by hand. */
    public static final double DEFAULT_CONCENTRATION_CAP_PCT = Double.parseDouble(AppConfig.CONCENTRATION_CAP_PCT.defaultValue());

    private SeverityModel() {
    }

    public static Severity severityOf(int score) {
        if (score >= 80) return Severity.CRITICAL;
        if (score >= 60) return Severity.HIGH;
        if (score >= 40) return Severity.MEDIUM;
        if (score >= 20) return Severity.LOW;
        return Severity.INFO;
    }

    static InstrumentClass classOf(PolicyInstrument instrument) {
        return switch (instrument) {
            case EXPORT_BAN, EXPORT_LICENCE, EXPORT_CONTROL, EXPORT_QUOTA, LICENCE_REVOCATION -> InstrumentClass.EXPORT_SIDE;
            case TARIFF, IMPORT_RESTRICTION, QUOTA, SANCTION -> InstrumentClass.IMPORT_SIDE;
            case STOCKPILE_PURCHASE, PRICE_FLOOR, PRICE_CAP, EQUITY_STAKE, LOAN_OR_GUARANTEE, GRANT_OR_SUBSIDY, INVESTMENT ->
                    InstrumentClass.MARKET_INTERVENTION;
            default -> InstrumentClass.GENERAL;
        };
    }

    /** Convenience for callers holding one state: it serves as both the event-time and the newest state. */
    public static Score scorePolicy(PolicyEvent e, CommodityState state, List<Measure> endedMeasures) {
        return scorePolicy(e, Knowledge.of(state, CommodityStates.dateOf(e.getEventTime())), endedMeasures, DEFAULT_CONCENTRATION_CAP_PCT);
    }

    public static Score scorePolicy(PolicyEvent e, CommodityState state, List<Measure> endedMeasures, double capPct) {
        return scorePolicy(e, Knowledge.of(state, CommodityStates.dateOf(e.getEventTime())), endedMeasures, capPct);
    }

    public static Score scoreDisruption(DisruptionEvent e, CommodityState state) {
        return scoreDisruption(e, Knowledge.of(state, CommodityStates.dateOf(e.getEventTime())), DEFAULT_CONCENTRATION_CAP_PCT);
    }

    public static Score scorePolicy(PolicyEvent e, Knowledge k, List<Measure> endedMeasures, double capPct) {
        ScoreSheet sheet = new ScoreSheet(e.getEventId());
        if (e.getAction() == PolicyAction.OTHER) {
            return unclassified(e, sheet);
        }
        if (Measures.relieves(e.getAction())) {
            return relief(e, k, endedMeasures, sheet);
        }
        InstrumentClass cls = classOf(e.getInstrument());
        sheet.fact("instrument_class", cls.name(), "instrument " + e.getInstrument() + " mapped from subtype '" + e.getRawSubtype() + "'");
        String detail = switch (cls) {
            case EXPORT_SIDE -> ExportSide.score(e, k, sheet);
            case IMPORT_SIDE -> ImportSide.score(e, k, sheet);
            case MARKET_INTERVENTION -> MarketInterventions.score(e, k, sheet);
            case GENERAL -> general(e, k, sheet);
        };
        ShockDirection direction = SUPPLY_NEUTRAL.contains(e.getInstrument()) ? ShockDirection.NEUTRAL : ShockDirection.ESCALATION;
        if (cls == InstrumentClass.EXPORT_SIDE) aboveSourcingCap(e.getIssuerCountry(), k, capPct, sheet);
        int score = sheet.score();
        String summary = String.format(Locale.ROOT, "%s %s %s on %s%s; %s; score %d%s", orUnknown(e.getIssuerCountry()),
                e.getAction().name().toLowerCase(Locale.ROOT), label(e.getInstrument()), e.getCommodity(), targets(e.getTargetCountries()),
                detail, score, unknowns(sheet));
        return new Score(score, severityOf(score), direction, sheet.inputs(), summary, sheet.sources());
    }

    public static Score scoreDisruption(DisruptionEvent e, Knowledge k, double capPct) {
        ScoreSheet sheet = new ScoreSheet(e.getEventId());
        String detail = Disruptions.score(e, k, sheet);
        String where = e.getCountry() != null ? e.getCountry() : e.getAffectedCountry();
        aboveSourcingCap(where, k, capPct, sheet);
        if (e.getRecovery()) {
            sheet.factor("recovery", e.getRawSubtype(), RECOVERY_RELIEF, "supply comes back: the disruption's own weight, less for the weeks a"
                    + " restart takes");
        }
        int score = sheet.score();
        String summary = String.format(Locale.ROOT, "%s %s of %s%s; %s; %s %d%s",
                e.getKind().name().toLowerCase(Locale.ROOT).replace('_', ' '), e.getRecovery() ? "recovery" : "disruption", e.getCommodity(),
                where == null ? "" : " in " + where, detail, e.getRecovery() ? "relief score" : "score", score, unknowns(sheet));
        return new Score(score, severityOf(score), e.getRecovery() ? ShockDirection.DE_ESCALATION : ShockDirection.ESCALATION, sheet.inputs(),
                summary, sheet.sources());
    }

    private static String unknowns(ScoreSheet sheet) {
        return sheet.unknowns().isEmpty() ? "" : "; unknown, at neutral priors: " + String.join(", ", sheet.unknowns());
    }

    /** Plans, agreements, negotiation windows, localisation rules: a base weight times the issuer's supply weight. */
    private static String general(PolicyEvent e, Knowledge k, ScoreSheet sheet) {
        sheet.factor("stringency", e.getInstrument().name(), stringencyOf(e.getInstrument()),
                "plans, agreements and negotiation windows restrict little by themselves");
        action(e, sheet);
        SupplyAtRisk.AtRisk risk = SupplyAtRisk.producer(e.getIssuerCountry(), null, null, k, sheet, "issuer_share");
        breadth(e.getTargetCountries(), sheet);
        urgency(CommodityStates.dateOf(e.getEventTime()), date(e), sheet);
        return risk.sentence();
    }

    /**
     * Whether the issuer holds more than the single-country sourcing cap at some stage. Only a fact: the share already
     * weighs in the product, and concentration counts once (the cap is the EU's sourcing benchmark, not a threshold of
     * harm).
     */
    private static void aboveSourcingCap(String issuer, Knowledge k, double capPct, ScoreSheet sheet) {
        k.largestShareOf(issuer).filter(s -> s.getSharePct() > capPct).ifPresent(s -> sheet.fact("concentration",
                String.format(Locale.ROOT, "%s %s%% %s > %s%% cap", issuer, fmt(s.getSharePct()), s.getStage(), fmt(capPct)),
                "issuer holds more than the single-country sourcing cap at some stage (" + Knowledge.provenance(s) + "); already weighed in its share"));
    }

    /**
     * Wording the publisher's lexicon does not know (action OTHER) is never taken for a new restriction: it scores 0,
     * neutral, so it opens no shock and escalates nothing, and the explanation names the wording.
     */
    private static Score unclassified(PolicyEvent e, ScoreSheet sheet) {
        sheet.factor("action", "OTHER", 0.0, "unclassified wording: " + e.getRawSubtype() + " (not in the lexicon)");
        String summary = String.format(Locale.ROOT, "unclassified wording: %s; %s %s on %s not scored as a measure",
                e.getRawSubtype(), orUnknown(e.getIssuerCountry()), label(e.getInstrument()), e.getCommodity());
        return new Score(0, Severity.INFO, ShockDirection.NEUTRAL, sheet.inputs(), summary, sheet.sources());
    }

    private static Score relief(PolicyEvent e, Knowledge k, List<Measure> ended, ScoreSheet sheet) {
        Optional<Double> step = e.getPreviousValue() == null ? Optional.empty() : ImportSide.statedStep(e);
        if (step.isPresent()) {
            // A stated cut of a rate is its own size: neither the kind of relief nor the ended measure's weight again.
            sheet.factor("rate_step", String.format(Locale.ROOT, "%s%% -> %s%% (%s points)", fmt(e.getPreviousValue()), fmt(e.getValue()),
                    fmt(step.get())), ImportSide.stepWeight(step.get()), "the stated cut: 0.3 + 0.7 x sqrt(points / 100)");
            ended.stream().map(Measure::getEventId).forEach(sheet::source);
        } else if (classOf(e.getInstrument()) == InstrumentClass.MARKET_INTERVENTION && SupplyAtRisk.statesVolume(e.getValue(), e.getUnit(), k)) {
            // A release or sale of stocks adds what it states to the market, whether or not a purchase is in view.
            sheet.fact("relief", e.getAction().name(), "a release or sale adds the stated amount: its size is the relief");
            ended.stream().map(Measure::getEventId).forEach(sheet::source);
        } else {
            double relief = switch (e.getAction()) {
                case PAUSE -> PAUSE_RELIEF;
                case EXEMPT, LOWER -> EXEMPT_RELIEF;
                default -> LIFT_RELIEF;
            };
            sheet.factor("relief", e.getAction().name(), relief, "a pause can lapse, an exemption or a cut is partial, a lift is final");
            endedWeight(e, ended, sheet);
        }
        String weighed = switch (classOf(e.getInstrument())) {
            case IMPORT_SIDE -> ImportSide.coverage(e, k, sheet);
            case EXPORT_SIDE -> SupplyAtRisk.exporter(e.getIssuerCountry(), ExportSide.statedVolume(e), e.getUnit(), k, sheet, "supply_at_risk").sentence();
            // A release or sale states the amount it adds.
            default -> SupplyAtRisk.stated(e.getValue(), e.getUnit(), k, sheet, "released_volume")
                    .orElseGet(() -> SupplyAtRisk.exporter(e.getIssuerCountry(), null, null, k, sheet, "issuer_share")).sentence();
        };
        int score = sheet.score();
        String endedText = ended.isEmpty() ? "ends no known measure"
                : "ends " + ended.size() + " measure(s): " + String.join(", ", ended.stream().map(Measure::getEventId).toList());
        String until = e.getExpiryDate() == null ? "" : " until " + e.getExpiryDate().getDate();
        String summary = String.format(Locale.ROOT, "%s %s %s on %s%s%s; %s; %s; relief score %d",
                orUnknown(e.getIssuerCountry()), e.getAction().name().toLowerCase(Locale.ROOT), label(e.getInstrument()),
                e.getCommodity(), targets(e.getTargetCountries()), until, endedText, weighed, score) + unknowns(sheet);
        return new Score(score, severityOf(score), ShockDirection.DE_ESCALATION, sheet.inputs(), summary, sheet.sources());
    }

    private static void endedWeight(PolicyEvent e, List<Measure> ended, ScoreSheet sheet) {
        if (ended.isEmpty()) {
            sheet.factor("ended_measures", "none known", stringencyOf(e.getInstrument()) * UNMATCHED_RELIEF,
                    "no active " + label(e.getInstrument()) + " by " + orUnknown(e.getIssuerCountry()) + " on " + e.getCommodity()
                            + " in view: the instrument's weight at half");
        } else {
            Measure strongest = ended.stream().max(Comparator.comparingDouble(m -> stringencyOf(m.getInstrument()))).orElseThrow();
            List<String> ids = ended.stream().map(Measure::getEventId).toList();
            ids.forEach(sheet::source);
            sheet.factor("ended_measures", String.join(",", ids), stringencyOf(strongest.getInstrument()),
                    "strongest ended measure: " + label(strongest.getInstrument()) + " (" + strongest.getEventId() + ")");
        }
    }

    // ---- factors shared by the instrument classes ----

    static void action(PolicyEvent e, ScoreSheet sheet) {
        double action = switch (e.getAction()) {
            case THREATEN -> 0.5;
            case OTHER -> 0.8;
            default -> 1.0;
        };
        sheet.factor("action", e.getAction().name(), action, "a threat counts half");
    }

    static void breadth(List<String> targets, ScoreSheet sheet) {
        double breadth = targets.isEmpty() ? 1.0 : targets.stream().anyMatch(Countries::isBloc) || targets.size() >= 3 ? 0.9 : 0.75;
        sheet.factor("breadth", targets.isEmpty() ? "all destinations" : String.join(",", targets), breadth,
                "measures on every destination hit harder than bilateral ones");
    }

    static void urgency(LocalDate on, LocalDate effective, ScoreSheet sheet) {
        if (effective == null) {
            sheet.factor("time_to_effect", "unknown", 0.9, "no effective date given");
            return;
        }
        long days = ChronoUnit.DAYS.between(on, effective);
        sheet.factor("time_to_effect", days <= 0 ? "in effect" : days + " days (effective " + effective + ")", TimeToEffect.factor(days),
                TimeToEffect.describe());
    }

    static LocalDate date(PolicyEvent e) {
        return e.getEffectiveDate() == null ? null : e.getEffectiveDate().getDate();
    }

    /** Instruments that fund, plan or negotiate rather than restrict supply. */
    public static boolean isSupplyNeutral(PolicyInstrument instrument) {
        return SUPPLY_NEUTRAL.contains(instrument);
    }

    /** Base weight of an instrument; also the weight of its deadlines. */
    public static double stringencyOf(PolicyInstrument instrument) {
        return STRINGENCY.getOrDefault(instrument, 0.2);
    }

    public static ExplanationInput input(String name, String value, double factor, String note) {
        return ExplanationInput.newBuilder().setName(name).setValue(value).setFactor(round3(factor)).setNote(note).build();
    }

    public static int toScore(double product) {
        return (int) Math.max(0, Math.min(100, Math.round(100 * product)));
    }

    static String label(PolicyInstrument instrument) {
        return instrument.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private static String targets(List<String> targets) {
        return targets.isEmpty() ? "" : " against " + String.join(",", targets);
    }

    static String orUnknown(String country) {
        return country == null ? "unknown issuer" : country;
    }

    public static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
