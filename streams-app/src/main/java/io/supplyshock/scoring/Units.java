package io.supplyshock.scoring;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The few unit conversions that sizing needs: masses, money and prices per mass. Anything else must match exactly. */
final class Units {

    private static final Map<String, Double> KILOGRAMS = Map.ofEntries(
            Map.entry("kg", 1.0), Map.entry("t", 1000.0), Map.entry("tonnes", 1000.0), Map.entry("tonne", 1000.0),
            Map.entry("kt", 1.0e6), Map.entry("lb", 0.45359237), Map.entry("oz", 0.0311034768),
            Map.entry("koz", 31.1034768), Map.entry("moz", 31103.4768));
    /** US dollars per unit of money; EUR at the ECB's 2024 average reference rate (1.082). */
    private static final Map<String, Double> DOLLARS = Map.of("usd", 1.0, "eur", 1.082);

    private Units() {
    }

    static Optional<Double> quantity(double value, String from, String to) {
        if (from == null || to == null) return Optional.empty();
        String f = from.toLowerCase(Locale.ROOT), t = to.toLowerCase(Locale.ROOT);
        if (f.equals(t)) return Optional.of(value);
        if (KILOGRAMS.containsKey(f) && KILOGRAMS.containsKey(t)) return Optional.of(value * KILOGRAMS.get(f) / KILOGRAMS.get(t));
        return Optional.empty();
    }

    static Optional<Double> dollars(double value, String unit) {
        return unit == null ? Optional.empty() : Optional.ofNullable(DOLLARS.get(unit.toLowerCase(Locale.ROOT))).map(rate -> value * rate);
    }

    static boolean isMoney(String unit) {
        return unit != null && DOLLARS.containsKey(unit.toLowerCase(Locale.ROOT));
    }

    /** A price like usd_per_tonne in another per-mass unit (usd_per_kg), when both are dollars per mass. */
    static Optional<Double> price(double value, String from, String to) {
        if (from == null || to == null) return Optional.empty();
        String f = from.toLowerCase(Locale.ROOT), t = to.toLowerCase(Locale.ROOT);
        if (f.equals(t)) return Optional.of(value);
        if (!f.startsWith("usd_per_") || !t.startsWith("usd_per_")) return Optional.empty();
        Double perF = KILOGRAMS.get(f.substring(8)), perT = KILOGRAMS.get(t.substring(8));
        return perF == null || perT == null ? Optional.empty() : Optional.of(value / perF * perT);
    }
}
