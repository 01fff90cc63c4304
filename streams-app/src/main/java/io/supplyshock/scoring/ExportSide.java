package io.supplyshock.scoring;

import io.supplyshock.state.CommodityStates;
import io.supplyshock.state.Demand;
import io.supplyshock.schema.PolicyEvent;

import java.util.Locale;
import java.util.Optional;

/**
 * Export-side measures (bans, licences, controls, quotas, licence revocations): their weight is the
 * issuer's share of world supply at its most concentrated stage, how many buyers they reach, and how
 * soon they bite.
 */
final class ExportSide {

    private ExportSide() {
    }

    static String score(PolicyEvent e, Knowledge k, ScoreSheet sheet) {
        sheet.factor("stringency", e.getInstrument().name(), SeverityModel.stringencyOf(e.getInstrument()),
                "ban 0.95, licence or control 0.85, licence revocation 0.8, quota 0.7");
        SeverityModel.action(e, sheet);
        SeverityModel.supplyWeight(e.getIssuerCountry(), k, sheet, "issuer_share");
        destinations(e, k, sheet);
        SeverityModel.urgency(CommodityStates.dateOf(e.getEventTime()), SeverityModel.date(e), sheet);
        return SeverityModel.shareSentence(e.getIssuerCountry(), k);
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
