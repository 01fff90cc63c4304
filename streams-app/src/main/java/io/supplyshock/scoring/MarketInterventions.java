package io.supplyshock.scoring;

import io.supplyshock.state.CommodityStates;
import io.supplyshock.state.Demand;
import io.supplyshock.schema.MarketSize;
import io.supplyshock.schema.PolicyEvent;
import io.supplyshock.schema.PolicyInstrument;

import java.util.Locale;
import java.util.Optional;

/**
 * Market interventions (stockpile purchases and programmes, price floors and caps, state equity, loans,
 * grants and investment): weighed by their size against the market, so that a purchase of most of a
 * country's yearly use is a major signal and a token grant stays INFO.
 *
 * <pre>
 *   purchase: size = sqrt(min(1, max(quantity / issuer's annual use, quantity / (10% of world use))))
 *   money:    size = sqrt(min(1, amount / (25% of the market's annual value)))
 *   floor:    size = clamp((floor / market price - 0.5) / 0.5)      a floor at the market price binds fully
 *   cap:      size = clamp((market price / cap - 0.5) / 0.5)        a cap at the market price binds fully
 * </pre>
 */
final class MarketInterventions {

    /** Share of world annual use at which one purchase is major. */
    static final double MAJOR_SHARE_OF_WORLD = 0.10;
    /** Share of a year's market value at which state money is major: funding adds capacity over years, not at once. */
    static final double MAJOR_SHARE_OF_MARKET_VALUE = 0.25;
    static final double UNSIZED_PURCHASE = 0.25;
    static final double UNSIZED_MONEY = 0.3;
    /** Floors are set where they bind (near non-dominant producers' costs), so an unstated level still counts. */
    static final double UNSIZED_PRICE_BOUND = 0.35;

    private MarketInterventions() {
    }

    static String score(PolicyEvent e, Knowledge k, ScoreSheet sheet) {
        sheet.factor("class_weight", e.getInstrument().name(), SeverityModel.stringencyOf(e.getInstrument()),
                "stockpile purchase 0.75 (takes supply off the market), price floor or cap 0.6, state money 0.5");
        String size = switch (e.getInstrument()) {
            case STOCKPILE_PURCHASE -> purchase(e, k, sheet);
            case PRICE_FLOOR, PRICE_CAP -> priceBound(e, k, sheet);
            default -> money(e, k, sheet);
        };
        SeverityModel.action(e, sheet);
        SeverityModel.urgency(CommodityStates.dateOf(e.getEventTime()), SeverityModel.date(e), sheet);
        return size;
    }

    private static String purchase(PolicyEvent e, Knowledge k, ScoreSheet sheet) {
        if (e.getValue() == null || e.getUnit() == null || Units.isMoney(e.getUnit())) {
            return e.getValue() != null && Units.isMoney(e.getUnit()) ? money(e, k, sheet) : unsized(sheet, UNSIZED_PURCHASE, "purchase of unstated size");
        }
        // A target level with the level before it ("raise stocks from 1.4bn to 2bn barrels") buys the difference.
        double quantity = e.getPreviousValue() != null && e.getPreviousValue() < e.getValue() ? e.getValue() - e.getPreviousValue() : e.getValue();
        String what = SeverityModel.fmt(quantity) + " " + e.getUnit();
        double best = -1;
        String basis = null;
        Optional<Demand.Figure> own = k.consumption(e.getIssuerCountry());
        if (own.isPresent() && own.get().value() > 0) {
            Optional<Double> q = Units.quantity(quantity, e.getUnit(), own.get().from().getUnit());
            if (q.isPresent()) {
                best = q.get() / own.get().value();
                basis = String.format(Locale.ROOT, "%s%% of %s's annual use (%s)", pct(best), e.getIssuerCountry(), own.get().provenance());
            }
        }
        Optional<Demand.Figure> world = k.consumption(Demand.WORLD);
        if (world.isPresent() && world.get().value() > 0) {
            Optional<Double> q = Units.quantity(quantity, e.getUnit(), world.get().from().getUnit());
            if (q.isPresent()) {
                double ofWorld = q.get() / world.get().value();
                if (ofWorld / MAJOR_SHARE_OF_WORLD > best) {
                    best = ofWorld / MAJOR_SHARE_OF_WORLD;
                    basis = String.format(Locale.ROOT, "%s%% of world annual use (%s)", pct(ofWorld), world.get().provenance());
                }
            }
        }
        if (basis == null) return unsized(sheet, UNSIZED_PURCHASE, what + ", but no annual use of " + k.commodity() + " in that unit is known");
        double size = Math.sqrt(Math.min(1.0, best));
        sheet.factor("size_vs_market", what + " = " + basis, size,
                "sqrt(min(1, max(quantity / issuer's use, quantity / 10% of world use)))");
        return "a purchase of " + what + ", " + basis;
    }

    private static String money(PolicyEvent e, Knowledge k, ScoreSheet sheet) {
        Optional<Double> usd = e.getValue() == null ? Optional.empty() : Units.dollars(e.getValue(), e.getUnit());
        if (usd.isEmpty()) return unsized(sheet, UNSIZED_MONEY, "amount not stated");
        Optional<MarketSize> market = k.market().filter(m -> m.getAnnualValueUsd() != null && m.getAnnualValueUsd() > 0);
        String amount = "$" + human(usd.get());
        if (market.isEmpty()) return unsized(sheet, UNSIZED_MONEY, amount + ", but the annual value of the " + k.commodity() + " market is not known");
        double ratio = usd.get() / market.get().getAnnualValueUsd();
        double size = Math.sqrt(Math.min(1.0, ratio / MAJOR_SHARE_OF_MARKET_VALUE));
        sheet.factor("size_vs_market", String.format(Locale.ROOT, "%s = %s%% of a $%s market", amount, pct(ratio), human(market.get().getAnnualValueUsd())),
                size, "sqrt(min(1, amount / 25% of the market's annual value)); market from " + market.get().getSource()
                        + (market.get().getEstimate() ? " (estimate)" : ""));
        return String.format(Locale.ROOT, "%s, %s%% of the market's annual value", amount, pct(ratio));
    }

    private static String priceBound(PolicyEvent e, Knowledge k, ScoreSheet sheet) {
        boolean floor = e.getInstrument() == PolicyInstrument.PRICE_FLOOR;
        if (e.getValue() == null || e.getUnit() == null) return unsized(sheet, UNSIZED_PRICE_BOUND, (floor ? "floor" : "cap") + " level not stated");
        Optional<MarketSize> market = k.market().filter(m -> m.getReferencePrice() != null && m.getPriceUnit() != null);
        Optional<Double> level = market.flatMap(m -> Units.price(e.getValue(), e.getUnit(), m.getPriceUnit()));
        if (level.isEmpty()) {
            return unsized(sheet, UNSIZED_PRICE_BOUND, SeverityModel.fmt(e.getValue()) + " " + e.getUnit() + ", but no market price of "
                    + k.commodity() + " in a comparable unit is known");
        }
        double price = market.get().getReferencePrice();
        double ratio = floor ? level.get() / price : price / level.get();
        double size = Math.max(0, Math.min(1, (ratio - 0.5) / 0.5));
        sheet.factor("size_vs_market", String.format(Locale.ROOT, "%s %s vs market %s %s", floor ? "floor" : "cap", SeverityModel.fmt(SeverityModel.round1(level.get())),
                        SeverityModel.fmt(price), market.get().getPriceUnit()), size,
                (floor ? "floor / price" : "price / cap") + " = " + SeverityModel.fmt(SeverityModel.round1(ratio)) + "; binds fully at 1, not at all at 0.5 or less (price from "
                        + market.get().getSource() + ")");
        return String.format(Locale.ROOT, "a %s at %s%% of the market price", floor ? "floor" : "cap",
                SeverityModel.fmt(Math.round((floor ? ratio : 1 / ratio) * 100)));
    }

    private static String unsized(ScoreSheet sheet, double factor, String why) {
        sheet.factor("size_vs_market", "unknown", factor, why);
        return why;
    }

    private static String pct(double ratio) {
        double p = ratio * 100;
        return SeverityModel.fmt(p >= 10 ? Math.round(p) : SeverityModel.round1(p));
    }

    static String human(double usd) {
        if (usd >= 1e12) return SeverityModel.fmt(SeverityModel.round1(usd / 1e12)) + "tn";
        if (usd >= 1e9) return SeverityModel.fmt(SeverityModel.round1(usd / 1e9)) + "bn";
        if (usd >= 1e6) return SeverityModel.fmt(SeverityModel.round1(usd / 1e6)) + "m";
        return SeverityModel.fmt(Math.round(usd));
    }
}
