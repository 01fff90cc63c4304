package io.supplyshock.scoring;

import io.supplyshock.state.CommodityStates;
import io.supplyshock.state.Demand;
import io.supplyshock.schema.PolicyEvent;
import io.supplyshock.schema.PolicyInstrument;
import io.supplyshock.schema.SupplyShare;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Import-side measures (tariffs, import restrictions, quotas, sanctions on purchases): the weight is the
 * size of the step, how much of its own use the importer buys abroad, the importer's weight in world
 * demand and, for a bilateral measure, how much of the importer's supply the target provides. The
 * importer's share of world supply says nothing about an import measure and is not used.
 */
final class ImportSide {

    /** Demand share at which an importer counts as a heavyweight of the world market. */
    static final double LARGE_IMPORTER_DEMAND_SHARE = 0.20;

    private ImportSide() {
    }

    static String score(PolicyEvent e, Knowledge k, ScoreSheet sheet) {
        String step = step(e, sheet);
        SeverityModel.action(e, sheet);
        String covered = coverage(e, k, sheet);
        SeverityModel.urgency(CommodityStates.dateOf(e.getEventTime()), SeverityModel.date(e), sheet);
        return step + "; " + covered;
    }

    /**
     * What the measure covers: with a trade baseline for the importer, the trade it hits against the importer's
     * imports and the exporter's exports; otherwise the importer's reliance, its weight in world demand and the
     * target's share of its supply. Reliefs of import-side measures are weighed by the same coverage.
     */
    static String coverage(PolicyEvent e, Knowledge k, ScoreSheet sheet) {
        if (e.getInstrument() == PolicyInstrument.SANCTION && !e.getTargetCountries().isEmpty()) {
            // A sanction withdraws the target's supply from the issuer's buyers and, through secondary sanctions and
            // shipping and insurance bans, from many others: what is at risk is the target's exports.
            String target = e.getTargetCountries().getFirst();
            Double volume = e.getValue() != null && !"pct".equals(e.getUnit()) && !Units.isMoney(e.getUnit()) ? e.getValue() : null;
            return "sanctioned supply: " + SupplyAtRisk.exporter(target, volume, e.getUnit(), k, sheet, "sanctioned_supply").sentence();
        }
        String importer = e.getIssuerCountry();
        Optional<Demand.Figure> imports = k.importsUsd(importer);
        if (imports.isPresent() && imports.get().value() > 0) return trade(e, importer, imports.get(), k, sheet);
        String reliance = reliance(importer, k, sheet);
        demandWeight(importer, k, sheet);
        String target = e.getTargetCountries().isEmpty() ? "all origins" : targetShare(e, importer, k, sheet);
        return reliance + "; " + target;
    }

    /**
     * Trade covered: a money value the news states, else the flow from the targets (their share of the importer's
     * imports), else all the importer's imports. Weighed from both sides, 0.4 + 0.6 x sqrt(max(share of the importer's
     * imports x its import reliance where known, share of the exporter's exports)): a flow that is a large part of the
     * buyer's supply or of the seller's sales hurts one of them.
     */
    private static String trade(PolicyEvent e, String importer, Demand.Figure imports, Knowledge k, ScoreSheet sheet) {
        double total = imports.value();
        List<String> targets = e.getTargetCountries();
        double covered;
        String what;
        Optional<Double> stated = e.getValue() != null && Units.isMoney(e.getUnit()) ? Units.dollars(e.getValue(), e.getUnit()) : Optional.empty();
        if (stated.isPresent()) {
            covered = Math.min(total, stated.get());
            what = "stated " + usd(stated.get());
        } else if (!targets.isEmpty()) {
            covered = 0;
            List<String> known = new ArrayList<>();
            for (String t : targets) {
                Optional<Demand.Figure> share = k.importSharePct(importer, t);
                if (share.isPresent()) {
                    covered += total * share.get().value() / 100;
                    known.add(t + " " + SeverityModel.fmt(share.get().value()) + "%");
                }
            }
            if (known.isEmpty()) {
                sheet.prior("trade_covered", 0.55, "no flow from " + String.join(",", targets) + " into " + importer + " in the trade baseline for "
                        + k.commodity() + " (" + imports.provenance() + "): taken as a mid-sized partner");
                return "trade from " + String.join(",", targets) + " unknown";
            }
            what = "imports from " + String.join(", ", known);
        } else {
            covered = total;
            what = "all imports";
        }
        double ofImports = covered / total;
        double reliance = k.reliancePct(importer).map(f -> Math.max(0, Math.min(100, f.value())) / 100).orElse(1.0);
        double ofExports = 0;
        String exporterSide = "";
        if (targets.size() == 1) {
            Optional<Demand.Figure> exports = k.exportsUsd(targets.getFirst());
            if (exports.isPresent() && exports.get().value() > 0) {
                ofExports = Math.min(1, covered / exports.get().value());
                exporterSide = String.format(Locale.ROOT, "; %s%% of %s's exports", SeverityModel.fmt(SeverityModel.round1(100 * ofExports)), targets.getFirst());
            }
        }
        double x = Math.max(ofImports * reliance, ofExports);
        sheet.factor("trade_covered", String.format(Locale.ROOT, "%s = %s of %s%% of %s's imports%s", what, usd(covered),
                        SeverityModel.fmt(SeverityModel.round1(100 * ofImports)), importer, exporterSide), 0.4 + 0.6 * Math.sqrt(Math.min(1, x)),
                "trade baseline (" + imports.provenance() + ")" + (reliance < 1 ? ", times import reliance " + SeverityModel.fmt(Math.round(reliance * 100)) + "%" : "")
                        + "; 0.4 + 0.6 x sqrt(larger side)");
        return what + " (" + usd(covered) + ", " + SeverityModel.fmt(SeverityModel.round1(100 * ofImports)) + "% of " + importer + "'s imports" + exporterSide + ")";
    }

    private static String usd(double v) {
        return v >= 1e9 ? "$" + SeverityModel.fmt(Math.round(v / 1e8) / 10.0) + "bn" : "$" + SeverityModel.fmt(Math.round(v / 1e5) / 10.0) + "m";
    }

    /** A tariff step stated in points (a rate and its previous level), if any. */
    static Optional<Double> statedStep(PolicyEvent e) {
        if (e.getInstrument() != PolicyInstrument.TARIFF || !"pct".equals(e.getUnit()) || e.getValue() == null) return Optional.empty();
        return Optional.of(Math.abs(e.getValue() - (e.getPreviousValue() == null ? 0.0 : e.getPreviousValue())));
    }

    static double stepWeight(double points) {
        return 0.3 + 0.7 * Math.sqrt(Math.min(1.0, points / 100.0));
    }

    /** A tariff weighs by its step in points: 0.3 + 0.7 x sqrt(step / 100), so 10 points 0.52, 50 points 0.79, 100 points 1. */
    private static String step(PolicyEvent e, ScoreSheet sheet) {
        if (e.getInstrument() != PolicyInstrument.TARIFF) {
            double w = SeverityModel.stringencyOf(e.getInstrument());
            sheet.factor("stringency", e.getInstrument().name(), w, "sanction 0.9, import restriction 0.75, quota 0.65");
            return SeverityModel.label(e.getInstrument());
        }
        if ("pct".equals(e.getUnit()) && e.getValue() != null) {
            double previous = e.getPreviousValue() == null ? 0.0 : e.getPreviousValue();
            double points = Math.abs(e.getValue() - previous);
            double w = stepWeight(points);
            sheet.factor("rate_step", String.format(Locale.ROOT, "%s%% -> %s%% (%s points)", SeverityModel.fmt(previous),
                    SeverityModel.fmt(e.getValue()), SeverityModel.fmt(points)), w, "0.3 + 0.7 x sqrt(points / 100)");
            return String.format(Locale.ROOT, "a %s-point tariff step", SeverityModel.fmt(points));
        }
        sheet.factor("rate_step", "not stated", SeverityModel.stringencyOf(PolicyInstrument.TARIFF), "a tariff whose rate is not stated");
        return "a tariff of unstated rate";
    }

    /** Share of the importer's own use that the measure taxes or blocks: 0.4 + 0.6 x net import reliance. */
    private static String reliance(String importer, Knowledge k, ScoreSheet sheet) {
        Optional<Demand.Figure> r = k.reliancePct(importer);
        if (r.isEmpty()) {
            sheet.factor("import_reliance", "unknown", 0.6, "net import reliance of " + SeverityModel.orUnknown(importer)
                    + " for " + k.commodity() + " not known: taken at the midpoint");
            return "import reliance of " + SeverityModel.orUnknown(importer) + " unknown";
        }
        double pct = Math.max(0, Math.min(100, r.get().value()));
        sheet.factor("import_reliance", importer + " " + SeverityModel.fmt(r.get().value()) + "%", 0.4 + 0.6 * pct / 100,
                "net imports as a share of " + importer + "'s use (" + r.get().provenance() + "); 0.4 + 0.6 x reliance");
        return importer + " imports " + SeverityModel.fmt(r.get().value()) + "% of its use";
    }

    /** The importer's weight in world demand: 0.7 + 0.3 x min(1, demand share / 20%). */
    private static void demandWeight(String importer, Knowledge k, ScoreSheet sheet) {
        Optional<Demand.Figure> mine = k.consumption(importer);
        Optional<Demand.Figure> world = k.consumption(Demand.WORLD);
        if (mine.isPresent() && world.isPresent() && world.get().value() > 0
                && java.util.Objects.equals(mine.get().from().getUnit(), world.get().from().getUnit())) {
            double share = mine.get().value() / world.get().value();
            sheet.factor("importer_demand_share", String.format(Locale.ROOT, "%s %s%% of world use", importer, SeverityModel.fmt(SeverityModel.round1(share * 100))),
                    0.7 + 0.3 * Math.min(1.0, share / LARGE_IMPORTER_DEMAND_SHARE),
                    "consumption " + SeverityModel.fmt(mine.get().value()) + " of " + SeverityModel.fmt(world.get().value()) + " "
                            + mine.get().from().getUnit() + " (" + mine.get().provenance() + "; " + world.get().provenance() + ")");
            return;
        }
        sheet.prior("importer_demand_share", 0.85, "consumption of " + SeverityModel.orUnknown(importer)
                + " or of the world not known for " + k.commodity() + ": taken as half a heavyweight's");
    }

    /**
     * For a bilateral measure, the share of the importer's use that the target supplies: reliance x the
     * target's share of imports; without a stated import share, the target's share of world supply
     * stands in for it (buyers take roughly what the world offers).
     */
    private static String targetShare(PolicyEvent e, String importer, Knowledge k, ScoreSheet sheet) {
        String target = e.getTargetCountries().getFirst();
        Optional<Demand.Figure> src = k.importSharePct(importer, target);
        double reliance = k.reliancePct(importer).map(f -> Math.max(0, Math.min(100, f.value())) / 100).orElse(1.0);
        if (src.isPresent()) {
            if (!src.get().from().getFromBaseline()) sheet.source(src.get().from().getSource());
            double x = reliance * src.get().value() / 100;
            sheet.factor("target_share_of_supply", String.format(Locale.ROOT, "%s %s%% of %s imports", target,
                    SeverityModel.fmt(src.get().value()), importer), 0.4 + 0.6 * x,
                    "reliance x import share (" + src.get().provenance() + "); 0.4 + 0.6 x that");
            return target + " supplies " + SeverityModel.fmt(src.get().value()) + "% of " + importer + "'s imports";
        }
        Optional<SupplyShare> world = k.exportShareOf(target).or(() -> k.largestShareOf(target));
        if (world.isPresent()) {
            double x = reliance * world.get().getSharePct() / 100;
            sheet.factor("target_share_of_supply", String.format(Locale.ROOT, "%s ~%s%% (world share)", target, SeverityModel.fmt(world.get().getSharePct())),
                    0.4 + 0.6 * x, "no import share stated: the target's world share stands in (" + Knowledge.provenance(world.get()) + ")");
            return target + " holds " + SeverityModel.fmt(world.get().getSharePct()) + "% of world supply";
        }
        sheet.prior("target_share_of_supply", 0.5, "neither an import share nor a world share of " + target + " is known");
        return target + "'s share of supply unknown";
    }
}
