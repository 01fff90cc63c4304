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

    /** Barrels per unit of oil volume or rate; rates become a year's volume (a cut of 1 mb/d is 365 million barrels a year). */
    private static final Map<String, Double> BARRELS_A_YEAR = Map.of("bbl", 1.0, "bpd", 365.0, "kbpd", 365.0e3, "kb_d", 365.0e3,
            "mbpd", 365.0e6, "mb_d", 365.0e6, "mb", 1.0e6, "mmbbl", 1.0e6);

    /** A volume or a rate of flow as a year's quantity in the unit of a yearly figure ({@code bbl}, {@code tonnes}). */
    static Optional<Double> perYear(double value, String from, String yearlyUnit) {
        if (from == null || yearlyUnit == null) return Optional.empty();
        String f = from.toLowerCase(Locale.ROOT), t = yearlyUnit.toLowerCase(Locale.ROOT);
        if (BARRELS_A_YEAR.containsKey(f) && t.equals("bbl")) return Optional.of(value * BARRELS_A_YEAR.get(f));
        String perYear = f.endsWith("_per_year") ? f.substring(0, f.length() - "_per_year".length()) : f;
        return quantity(value, perYear, t);
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
