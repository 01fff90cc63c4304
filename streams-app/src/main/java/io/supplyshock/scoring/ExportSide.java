package io.supplyshock.scoring;

import io.supplyshock.state.CommodityStates;
import io.supplyshock.state.Demand;
import io.supplyshock.schema.PolicyEvent;
import io.supplyshock.schema.PolicyInstrument;

import java.util.Locale;
import java.util.Optional;

/**
 * Export-side measures (bans, licences, controls, quotas, licence revocations): their weight is the
 * issuer's share of world supply at its most concentrated stage, how many buyers they reach, and how
 * soon they bite.
 */
final class ExportSide {

    private static final java.util.Set<String> AMOUNT_WORDS = java.util.Set.of("cut", "cuts", "rise", "increase", "reduction", "hike", "boost");

    private ExportSide() {
    }

    static String score(PolicyEvent e, Knowledge k, ScoreSheet sheet) {
        if (SupplyAtRisk.statesVolume(statedVolume(e), e.getUnit(), k)) {
            sheet.fact("stringency", e.getInstrument().name(), "the stated volume is the measure's size: no stringency on top");
        } else {
            sheet.factor("stringency", e.getInstrument().name(), SeverityModel.stringencyOf(e.getInstrument()),
                    "ban 0.95, licence or control 0.85, licence revocation 0.8, quota 0.7");
        }
        SeverityModel.action(e, sheet);
        SupplyAtRisk.AtRisk risk = SupplyAtRisk.exporter(e.getIssuerCountry(), statedVolume(e), e.getUnit(), k, sheet, "supply_at_risk");
        destinations(e, k, sheet);
        SeverityModel.urgency(CommodityStates.dateOf(e.getEventTime()), SeverityModel.date(e), sheet);
        return risk.sentence();
    }

    /**
     * The volume a measure withholds or releases when the news states it: the step from a previous level, or an
     * output cut or rise stated as an amount. A quota stated only as its new level says nothing of the change.
     */
    static Double statedVolume(PolicyEvent e) {
        if (e.getValue() == null || e.getUnit() == null || "pct".equals(e.getUnit())) return null;
        if (e.getPreviousValue() != null) return e.getPreviousValue().equals(e.getValue()) ? null : Math.abs(e.getPreviousValue() - e.getValue());
        return e.getInstrument() == PolicyInstrument.EXPORT_QUOTA && statesAnAmount(e.getRawSubtype()) ? e.getValue() : null;
    }

    /** "output_cut", "production increase": the figure is the change; "output_ceiling", "quota" name a level. */
    private static boolean statesAnAmount(String subtype) {
        if (subtype == null) return false;
        return java.util.Arrays.stream(subtype.toLowerCase(Locale.ROOT).split("[^a-z]+")).anyMatch(AMOUNT_WORDS::contains);
    }

    /**
     * Every destination 1.0; a bloc or three or more 0.9; one or two targets 0.75, or, when the target's
     * import reliance is known, 0.6 + 0.3 x reliance: a measure aimed at a buyer that imports all it uses
     * hits nearly as hard as a global one.
     */
    private static void destinations(PolicyEvent e, Knowledge k, ScoreSheet sheet) {
        if (e.getTargetCountries().size() == 1) {
            String target = e.getTargetCountries().getFirst();
            Optional<Demand.Figure> reliance = k.reliancePct(target);
            if (reliance.isPresent()) {
                double r = Math.max(0, Math.min(100, reliance.get().value())) / 100;
                sheet.factor("breadth", String.format(Locale.ROOT, "%s only; %s imports %s%% of its use", target, target,
                                SeverityModel.fmt(reliance.get().value())), 0.6 + 0.3 * r,
                        "bilateral measure weighed by the target's net import reliance (" + reliance.get().provenance() + "): 0.6 + 0.3 x reliance");
                return;
            }
        }
        SeverityModel.breadth(e.getTargetCountries(), sheet);
    }
}
