package io.supplyshock.scoring;

import io.supplyshock.schema.DisruptionEvent;
import io.supplyshock.schema.DisruptionKind;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Disruptions (accidents, outages, strikes, shortages, disasters, producer bans reported as disruptions):
 * the kind, the share of supply of the disrupted country, and the stated magnitude.
 */
final class Disruptions {

    private static final Map<DisruptionKind, Double> KIND = new EnumMap<>(DisruptionKind.class);
    /** Kinds that take supply off the market; without a named country they are taken as market-wide. */
    private static final Set<DisruptionKind> REMOVE_SUPPLY = EnumSet.of(DisruptionKind.PRODUCER_BAN, DisruptionKind.NATURAL_DISASTER,
            DisruptionKind.ACCIDENT, DisruptionKind.OUTAGE, DisruptionKind.SHORTAGE, DisruptionKind.STRIKE);
    static final double MARKET_WIDE = 0.8;

    static {
        KIND.put(DisruptionKind.PRODUCER_BAN, 0.9);
        KIND.put(DisruptionKind.NATURAL_DISASTER, 0.7);
        KIND.put(DisruptionKind.ACCIDENT, 0.6);
        KIND.put(DisruptionKind.OUTAGE, 0.6);
        KIND.put(DisruptionKind.SHORTAGE, 0.6);
        KIND.put(DisruptionKind.STRIKE, 0.5);
        KIND.put(DisruptionKind.LOGISTICS, 0.3);
        KIND.put(DisruptionKind.LEAD_TIME, 0.3);
        KIND.put(DisruptionKind.OTHER, 0.4);
    }

    private Disruptions() {
    }

    static String score(DisruptionEvent e, Knowledge k, ScoreSheet sheet) {
        sheet.factor("disruption_kind", e.getKind().name(), KIND.getOrDefault(e.getKind(), 0.4), "mapped from subtype '" + e.getRawSubtype() + "'");
        String where = e.getCountry() != null ? e.getCountry() : e.getAffectedCountry();
        String share;
        if (e.getKind() == DisruptionKind.SHORTAGE) {
            // A shortage is of the market; the country named is where buyers go short, not a supply site.
            sheet.factor("site_share", "market-wide", MARKET_WIDE, "a shortage is of the market as a whole"
                    + (where == null ? "" : " (felt in " + where + ")") + ", its extent unstated");
            share = "market-wide";
        } else if (where == null && REMOVE_SUPPLY.contains(e.getKind())) {
            sheet.factor("site_share", "market-wide", MARKET_WIDE, "no country named: an outage of the market as a whole, its extent unstated");
            share = "market-wide";
        } else {
            SeverityModel.supplyWeight(where, k, sheet, "site_share");
            share = SeverityModel.shareSentence(where, k);
        }
        magnitude(e, sheet);
        return share;
    }

    /** Capacity lost, duration or casualties when stated; an unstated magnitude is not discounted. */
    private static void magnitude(DisruptionEvent e, ScoreSheet sheet) {
        String unit = e.getUnit() == null ? "" : e.getUnit().toLowerCase(Locale.ROOT);
        Double v = e.getMagnitude();
        if (v == null) {
            sheet.factor("magnitude", "not stated", 1.0, "no capacity loss, duration or toll stated");
            return;
        }
        String value = SeverityModel.fmt(v) + " " + unit;
        if (unit.equals("pct")) {
            sheet.factor("magnitude", value + " of capacity", 0.4 + 0.6 * Math.min(1, v / 30), "capacity lost: 0.4 + 0.6 x min(1, pct / 30)");
        } else if (unit.equals("days") || unit.equals("weeks") || unit.equals("months")) {
            double days = v * (unit.equals("weeks") ? 7 : unit.equals("months") ? 30 : 1);
            sheet.factor("magnitude", value + " outage", 0.5 + 0.5 * Math.min(1, days / 90), "duration: 0.5 + 0.5 x min(1, days / 90)");
        } else if (unit.startsWith("count_")) {
            sheet.factor("magnitude", value, 0.7 + 0.3 * Math.min(1, v / 100), "toll: 0.7 + 0.3 x min(1, count / 100)");
        } else if (unit.equals("magnitude")) {
            sheet.factor("magnitude", "M" + SeverityModel.fmt(v), v >= 7 ? 1.0 : v >= 6 ? 0.8 : 0.6, "earthquake magnitude: 7 or more 1.0, 6 to 7 0.8, less 0.6");
        } else {
            sheet.fact("magnitude", value, "a figure the model does not weigh (" + unit + ")");
        }
    }
}
