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
    /** Neutral prior of an unstated magnitude: the factor of a 60-day outage (0.5 + 0.5 x 60/90), or of about 22% of capacity lost; disruptions that make the news are rarely brief. */
    static final double UNSTATED_MAGNITUDE = 0.5 + 0.5 * 60.0 / 90.0;

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
        String text = newsText(e);
        java.util.Optional<WorldTables.NamedShare> route = WorldTables.SHIPPED.routeNamedIn(text, e.getCommodity(), k.on());
        java.util.Optional<WorldTables.NamedShare> site = WorldTables.SHIPPED.siteNamedIn(text, e.getCommodity(), k.on());
        if (route.isPresent()) {
            share = weighRoute(e, route.get(), sheet);
        } else if (site.isPresent() && !SupplyAtRisk.statesVolume(e.getMagnitude(), e.getUnit(), k)) {
            share = weighSite(site.get(), sheet);
        } else if (e.getKind() == DisruptionKind.SHORTAGE) {
            // A shortage is of the market; the country named is where buyers go short, not a supply site.
            sheet.factor("site_share", "market-wide", MARKET_WIDE, "a shortage is of the market as a whole"
                    + (where == null ? "" : " (felt in " + where + ")") + ", its extent unstated");
            share = "market-wide";
        } else if (where == null && REMOVE_SUPPLY.contains(e.getKind())) {
            sheet.factor("site_share", "market-wide", MARKET_WIDE, "no country named: an outage of the market as a whole, its extent unstated");
            share = "market-wide";
        } else {
            // A site's stated output (a field's kb/d, a mine's tonnes) is what is lost, not the whole country's share.
            share = SupplyAtRisk.producer(where, e.getMagnitude(), e.getUnit(), k, sheet, "site_share").sentence();
        }
        magnitude(e, k, sheet);
        return share;
    }

    /** Where a disruption names places: its entities, its one-line summary and its subtype. */
    private static String newsText(DisruptionEvent e) {
        return String.join(" ", e.getProvenance().getEntities()) + " " + (e.getProvenance().getSummary() == null ? "" : e.getProvenance().getSummary())
                + " " + e.getRawSubtype();
    }

    /** A named site (a mine, a field, a fab) loses its own output, not its country's. */
    private static String weighSite(WorldTables.NamedShare site, ScoreSheet sheet) {
        sheet.factor("site_share", String.format(Locale.ROOT, "%s %s%% of world %s", site.id(), SeverityModel.fmt(site.sharePct()),
                site.stage().toLowerCase(Locale.ROOT)), SupplyAtRisk.weight(site.sharePct()), "the named site's share of world supply ("
                + site.provenance() + "); weight 0.35 + 0.65 x sqrt(share)");
        return site.id() + " makes " + SeverityModel.fmt(site.sharePct()) + "% of world " + site.stage().toLowerCase(Locale.ROOT) + " supply";
    }

    /**
     * A disruption whose news names a maritime chokepoint (in its entities or summary) is weighed by the chokepoint's
     * share of the cargo the commodity travels as, not by the country the chokepoint lies in; a closed route is an
     * outage of everything that passes it, at the weight of an outage at least.
     */
    private static String weighRoute(DisruptionEvent e, WorldTables.NamedShare r, ScoreSheet sheet) {
        if (KIND.getOrDefault(e.getKind(), 0.4) < KIND.get(DisruptionKind.OUTAGE)) {
            sheet.factor("route_closure", e.getKind().name(), KIND.get(DisruptionKind.OUTAGE) / KIND.getOrDefault(e.getKind(), 0.4),
                    "a disrupted chokepoint holds up everything that passes it: weighed as an outage");
        }
        sheet.factor("route_share", String.format(Locale.ROOT, "%s %s%% of seaborne %s", r.id(), SeverityModel.fmt(r.sharePct()),
                r.of().replace('_', ' ')), SupplyAtRisk.weight(r.sharePct()), "the chokepoint's share of the cargo (" + r.provenance()
                + "); weight 0.35 + 0.65 x sqrt(share)");
        return r.id() + " carries " + SeverityModel.fmt(r.sharePct()) + "% of seaborne " + r.of().replace('_', ' ');
    }

    /** Capacity lost, duration or casualties when stated; an unstated magnitude takes a neutral prior. */
    private static void magnitude(DisruptionEvent e, Knowledge k, ScoreSheet sheet) {
        String unit = e.getUnit() == null ? "" : e.getUnit().toLowerCase(Locale.ROOT);
        Double v = e.getMagnitude();
        if (SupplyAtRisk.statesVolume(v, e.getUnit(), k)) {
            sheet.fact("magnitude", SeverityModel.fmt(v) + " " + unit, "the stated volume is weighed as the supply lost");
            return;
        }
        if (v == null) {
            sheet.prior("magnitude", UNSTATED_MAGNITUDE, "no capacity loss, duration or toll stated: taken as a 60-day outage or about 22%"
                    + " of capacity lost, so that stating a larger figure raises the score and a smaller one lowers it");
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
            // A figure in a unit the model cannot weigh says no more than no figure: it takes the same prior.
            sheet.prior("magnitude", UNSTATED_MAGNITUDE, "stated as " + value + ", a unit the model does not weigh: taken as a 60-day outage");
        }
    }
}
