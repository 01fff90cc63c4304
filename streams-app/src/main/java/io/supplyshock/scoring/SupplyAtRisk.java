package io.supplyshock.scoring;

import io.supplyshock.schema.SupplyShare;
import io.supplyshock.schema.SupplyStage;
import io.supplyshock.state.Demand;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How much of what the world can buy a measure or a disruption puts at risk, and how much of that the rest of the
 * market can make up. The weight of a share rises steeply at first and flattens: losing a tenth of world exports moves
 * a market far more than a tenth as much as losing all of them.
 *
 * <ul>
 *   <li>at risk: the issuer's share of world exports; where no export share is known, its production share, which the
 *       explanation names as a stand-in; a net importer (import reliance above zero) has no surplus to withhold, so
 *       its production share counts for a fifth; a volume the news states (an output cut of 1.2 mb/d) against a
 *       year's world use wins over both;</li>
 *   <li>alternatives: the rest of the supply at the same stage; spread over many producers (low concentration)
 *       buyers switch more easily;</li>
 *   <li>buffer: spare capacity, exporters' stocks or emergency reserves that can replace part of the loss.</li>
 * </ul>
 */
final class SupplyAtRisk {

    /** Weight = floor + (1 - floor) x sqrt(share): a small exporter still moves a market a little. */
    static final double FLOOR = 0.35;
    /**
     * A volume the news states is a share of world USE, not of exports: a loss of a tenth of what the world uses is
     * as large as supply shocks get (the 1973 embargo, the 2020 cut), so the weight reaches 1 there.
     */
    static final double STATED_VOLUME_FULL_WEIGHT_PCT = 10.0;
    /** Neutral prior for a share nobody states: the weight of a tenth of world supply, a typical listed producer. */
    static final double UNKNOWN_SHARE_PCT = 10.0;
    /** A net importer's export measure withholds little: its production share counts at this fraction. */
    static final double NET_IMPORTER_FRACTION = 0.2;
    /** At most this much of a score is taken off for alternatives spread over many producers. */
    static final double MAX_ALTERNATIVES_DISCOUNT = 0.15;
    /** At most this much of a score is taken off when buffers cover the whole loss. */
    static final double MAX_BUFFER_DISCOUNT = 0.3;

    record AtRisk(double pct, SupplyStage stage, String sentence) {
    }

    private SupplyAtRisk() {
    }

    static double volumeWeight(double pctOfWorldUse) {
        return FLOOR + (1 - FLOOR) * Math.sqrt(Math.max(0, Math.min(1.0, pctOfWorldUse / STATED_VOLUME_FULL_WEIGHT_PCT)));
    }

    /** Whether the news states a volume this knowledge can put against world use: then that volume is the measure's size. */
    static boolean statesVolume(Double volume, String unit, Knowledge k) {
        return volume != null && volume > 0 && k.consumption(Demand.WORLD)
                .flatMap(w -> Units.perYear(volume, unit, w.from().getUnit())).isPresent();
    }

    static double weight(double sharePct) {
        return FLOOR + (1 - FLOOR) * Math.sqrt(Math.max(0, Math.min(100.0, sharePct)) / 100.0);
    }

    /**
     * The exporting issuer's supply at risk, weighed and written to the sheet as {@code name}; then the alternatives
     * and buffer factors. A stated volume, when it converts to a share of world use, takes the place of the share.
     */
    static AtRisk exporter(String issuer, Double statedVolume, String unit, Knowledge k, ScoreSheet sheet, String name) {
        AtRisk risk = stated(statedVolume, unit, k, sheet, name).orElseGet(() -> shareOf(issuer, k, sheet, name));
        alternatives(issuer, risk, k, sheet);
        // A producer group's own decision is not offset by spare capacity: the spare capacity is mostly theirs.
        if (WorldTables.SHIPPED.membersOn(issuer, k.on()).isEmpty()) buffer(risk, k, sheet);
        return risk;
    }

    /**
     * A producing country's weight, for disruptions and plans: its production share (not its exports: an outage
     * takes its output off its own market too), then the alternatives and buffer factors.
     */
    static AtRisk producer(String country, Double statedVolume, String unit, Knowledge k, ScoreSheet sheet, String name) {
        AtRisk risk = stated(statedVolume, unit, k, sheet, name).orElseGet(() -> production(country, k, sheet, name));
        alternatives(country, risk, k, sheet);
        buffer(risk, k, sheet);
        return risk;
    }

    private static AtRisk production(String country, Knowledge k, ScoreSheet sheet, String name) {
        Optional<SupplyShare> production = k.largestShareOf(country);
        if (production.isPresent()) {
            SupplyShare s = production.get();
            if (!s.getFromBaseline()) sheet.source(s.getSource());
            String stage = s.getStage().name().toLowerCase(Locale.ROOT);
            sheet.factor(name, String.format(Locale.ROOT, "%s %s%% %s", country, SeverityModel.fmt(s.getSharePct()), s.getStage()),
                    weight(s.getSharePct()), "largest share of world supply held by " + country + " at any stage (" + provenance(s, k)
                            + "); weight 0.35 + 0.65 x sqrt(share)");
            return new AtRisk(s.getSharePct(), s.getStage(), country + " holds " + SeverityModel.fmt(s.getSharePct()) + "% of world " + stage
                    + " supply (" + year(s) + ")");
        }
        return boundOrPrior(country, k, sheet, name);
    }

    /**
     * A volume stated by the news as a share of a year's world use, if the units allow; alone, with no alternatives or
     * buffer factor, it is what a release or sale of stocks adds (the release is itself the buffer).
     */
    static Optional<AtRisk> stated(Double volume, String unit, Knowledge k, ScoreSheet sheet, String name) {
        if (volume == null || volume <= 0) return Optional.empty();
        Optional<Demand.Figure> world = k.consumption(Demand.WORLD);
        if (world.isEmpty() || world.get().value() <= 0) return Optional.empty();
        Optional<Double> yearly = Units.perYear(volume, unit, world.get().from().getUnit());
        if (yearly.isEmpty()) return Optional.empty();
        double pct = Math.min(100, 100 * yearly.get() / world.get().value());
        sheet.factor(name, String.format(Locale.ROOT, "%s %s = %s%% of world use", SeverityModel.fmt(volume), unit, SeverityModel.fmt(round2(pct))),
                volumeWeight(pct), "stated volume against a year's world use (" + world.get().provenance() + "); weight 0.35 + 0.65 x sqrt(min(1, share / 10%))");
        return Optional.of(new AtRisk(pct, null, String.format(Locale.ROOT, "%s %s or %s%% of world use", SeverityModel.fmt(volume), unit,
                SeverityModel.fmt(round2(pct)))));
    }

    private static AtRisk shareOf(String issuer, Knowledge k, ScoreSheet sheet, String name) {
        Optional<SupplyShare> exports = k.exportShareOf(issuer);
        if (exports.isPresent()) {
            SupplyShare s = exports.get();
            if (!s.getFromBaseline()) sheet.source(s.getSource());
            sheet.factor(name, String.format(Locale.ROOT, "%s %s%% of world exports", issuer, SeverityModel.fmt(s.getSharePct())),
                    weight(s.getSharePct()), "share of what buyers abroad can get (" + provenance(s, k) + "); weight 0.35 + 0.65 x sqrt(share)");
            return new AtRisk(s.getSharePct(), SupplyStage.EXPORTS, issuer + " ships " + SeverityModel.fmt(s.getSharePct()) + "% of world exports ("
                    + year(s) + ")");
        }
        Optional<SupplyShare> production = k.largestShareOf(issuer);
        if (production.isPresent()) {
            SupplyShare s = production.get();
            if (!s.getFromBaseline()) sheet.source(s.getSource());
            String stage = s.getStage().name().toLowerCase(Locale.ROOT);
            Optional<Demand.Figure> reliance = k.reliancePct(issuer);
            if (reliance.isPresent() && reliance.get().value() > 0) {
                double pct = s.getSharePct() * NET_IMPORTER_FRACTION;
                sheet.factor(name, String.format(Locale.ROOT, "%s net importer (%s%% of its use imported); %s%% %s x %s", issuer,
                                SeverityModel.fmt(reliance.get().value()), SeverityModel.fmt(s.getSharePct()), stage, SeverityModel.fmt(NET_IMPORTER_FRACTION)),
                        weight(pct), "no export share known; a net importer has no surplus to withhold ("
                                + reliance.get().provenance() + "; " + provenance(s, k) + ")");
                return new AtRisk(pct, s.getStage(), issuer + " is a net importer holding " + SeverityModel.fmt(s.getSharePct()) + "% of world " + stage);
            }
            sheet.factor(name, String.format(Locale.ROOT, "%s %s%% %s (production share)", issuer, SeverityModel.fmt(s.getSharePct()), s.getStage()),
                    weight(s.getSharePct()), "no export share known: the largest production share stands in (" + provenance(s, k)
                            + "); weight 0.35 + 0.65 x sqrt(share)");
            return new AtRisk(s.getSharePct(), s.getStage(), issuer + " holds " + SeverityModel.fmt(s.getSharePct()) + "% of world " + stage
                    + " supply (" + year(s) + ")");
        }
        return boundOrPrior(issuer, k, sheet, name);
    }

    private static AtRisk boundOrPrior(String issuer, Knowledge k, ScoreSheet sheet, String name) {
        Optional<Knowledge.Bound> bound = k.unlistedBound(issuer);
        if (bound.isPresent()) {
            double pct = bound.get().atMostPct();
            sheet.factor(name, String.format(Locale.ROOT, "%s <= %s%% %s", issuer, SeverityModel.fmt(SeverityModel.round1(pct)), bound.get().stage()),
                    weight(pct), bound.get().describe(issuer, k.commodity()) + "; weight 0.35 + 0.65 x sqrt(bound)");
            return new AtRisk(pct, bound.get().stage(), bound.get().describe(issuer, k.commodity()));
        }
        sheet.prior(name, weight(UNKNOWN_SHARE_PCT), "no supply share of " + SeverityModel.orUnknown(issuer) + " known for " + k.commodity()
                + " on " + k.on() + " (neither news nor baseline): taken as a typical producer's " + SeverityModel.fmt(UNKNOWN_SHARE_PCT) + "%");
        return new AtRisk(Double.NaN, null, "no supply share known for " + SeverityModel.orUnknown(issuer));
    }

    /**
     * The rest of the supply at the stage at risk: 1 - 0.15 x (1 - concentration of the rest) x (1 - share at risk).
     * Concentration is the Herfindahl index of the other listed producers' shares among themselves.
     */
    private static void alternatives(String issuer, AtRisk risk, Knowledge k, ScoreSheet sheet) {
        if (risk.stage() == null || Double.isNaN(risk.pct())) return;
        List<String> members = WorldTables.SHIPPED.membersOn(issuer, k.on());
        List<SupplyShare> rest = k.shares().stream().filter(s -> s.getStage() == risk.stage() && !s.getCountry().equals(issuer)
                && !members.contains(s.getCountry())).toList();
        double restTotal = rest.stream().mapToDouble(SupplyShare::getSharePct).sum();
        if (rest.isEmpty() || restTotal <= 0) return;
        double hhi = rest.stream().mapToDouble(s -> Math.pow(s.getSharePct() / restTotal, 2)).sum();
        double factor = 1 - MAX_ALTERNATIVES_DISCOUNT * (1 - hhi) * (1 - Math.min(100, risk.pct()) / 100);
        sheet.factor("alternatives", String.format(Locale.ROOT, "%d other listed producers, concentration %s", rest.size(),
                        SeverityModel.fmt(Math.round(hhi * 100) / 100.0)), factor,
                "the rest of world " + risk.stage().name().toLowerCase(Locale.ROOT) + " supply: spread over many producers, buyers switch more easily; "
                        + "1 - 0.15 x (1 - concentration) x (1 - share at risk)");
    }

    /** Spare capacity or stocks that can replace part of the loss: 1 - 0.3 x min(1, buffer / share at risk). */
    private static void buffer(AtRisk risk, Knowledge k, ScoreSheet sheet) {
        if (Double.isNaN(risk.pct()) || risk.pct() <= 0) return;
        k.bufferPct().ifPresent(b -> sheet.factor("buffer", String.format(Locale.ROOT, "%s %s%% of world supply", b.from().getBufferKind(),
                        SeverityModel.fmt(b.value())), 1 - MAX_BUFFER_DISCOUNT * Math.min(1, b.value() / risk.pct()),
                "what can reach the market within months (" + b.provenance() + "); 1 - 0.3 x min(1, buffer / share at risk)"));
    }

    static String provenance(SupplyShare s, Knowledge k) {
        return Knowledge.provenance(s) + (k.isLater(s) ? "; a later figure: none as old as the event is known" : "");
    }

    private static String year(SupplyShare s) {
        return s.getAsOf() == null ? "structural" : String.valueOf(s.getAsOf().getYear());
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
