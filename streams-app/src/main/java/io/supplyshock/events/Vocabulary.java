package io.supplyshock.events;

import io.supplyshock.schema.DisruptionKind;
import io.supplyshock.schema.MarketMetric;
import io.supplyshock.schema.PolicyAction;
import io.supplyshock.schema.PolicyInstrument;
import io.supplyshock.schema.SupplyStage;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Maps the producers' free subtype vocabulary onto the canonical enums of the contracts.
 *
 * <p>Producers extract facts from news and invent subtypes as they go ({@code export_control_pause},
 * {@code tariff_exemption_quota}, ...). Matching on words rather than on whole strings lets a new
 * subtype such as {@code export_ban_extension} land on the right instrument without a code change.
 * Policy and disruption subtypes are read word by word against the {@link Lexicon} (a data file users can
 * extend); anything unrecognised maps to OTHER and never makes a record invalid, and an unknown action is
 * never taken for a new restriction. The raw string always travels beside the canonical value.
 */
public final class Vocabulary {

    private Vocabulary() {
    }

    /** {@code known}: whether the lexicon read the wording (an action word, a step change, or only known words). */
    public record PolicyTerms(PolicyInstrument instrument, PolicyAction action, boolean known) {
        public PolicyTerms(PolicyInstrument instrument, PolicyAction action) {
            this(instrument, action, true);
        }
    }

    private static volatile Lexicon lexicon = Lexicon.shipped();

    /** Use this lexicon from now on (the shipped one with a user's file laid over it, see {@link Lexicon#withOverlay}). */
    public static void use(Lexicon chosen) {
        lexicon = chosen;
    }

    public static Lexicon lexicon() {
        return lexicon;
    }

    /**
     * Instrument and action from the subtype's words (see {@code lexicon/policy-lexicon.csv} for the rule). With no
     * action word, a step change in the values decides; else a subtype made only of known words names the measure
     * itself (imposed); else the wording is unknown and the action is OTHER.
     */
    public static PolicyTerms policy(String subtype, Double value, Double previousValue) {
        return policy(lexicon, subtype, value, previousValue);
    }

    public static PolicyTerms policy(Lexicon lex, String subtype, Double value, Double previousValue) {
        List<String> words = Lexicon.words(subtype);
        PolicyInstrument instrument = lex.best(words, Lexicon.Role.INSTRUMENT)
                .map(e -> PolicyInstrument.valueOf(e.value())).orElse(PolicyInstrument.OTHER);
        Optional<Lexicon.Entry> word = lex.best(words, Lexicon.Role.ACTION);
        if (word.isPresent()) return new PolicyTerms(instrument, PolicyAction.valueOf(word.get().value()), true);
        if (value != null && previousValue != null && !value.equals(previousValue)) {
            return new PolicyTerms(instrument, value < previousValue ? PolicyAction.LOWER : PolicyAction.RAISE, true);
        }
        boolean known = !words.isEmpty() && lex.knowsAll(words);
        return new PolicyTerms(instrument, known ? PolicyAction.IMPOSE : PolicyAction.OTHER, known);
    }

    public static MarketMetric metric(String kind, String subtype) {
        String k = normalise(kind);
        String s = normalise(subtype);
        if (k.equals("supply_share")) return MarketMetric.SUPPLY_SHARE;
        if (has(s, "baseline")) return MarketMetric.INVENTORY_VS_BASELINE;
        if (has(s, "rate") && (has(s, "inventory") || has(s, "outflow") || has(s, "inflow") || has(s, "drawdown"))) {
            return MarketMetric.INVENTORY_FLOW_RATE;
        }
        if (has(s, "consumption") || has(s, "annual_use") || has(s, "annual_demand")) return MarketMetric.CONSUMPTION;
        if (has(s, "lead") || has(s, "transit")) return MarketMetric.LEAD_TIME;
        if (has(s, "etf")) return has(s, "flow") ? MarketMetric.ETF_FLOW : MarketMetric.ETF_HOLDINGS;
        if (has(s, "central")) return MarketMetric.CENTRAL_BANK_PURCHASE;
        if (has(s, "forecast") || has(s, "scenario")) return MarketMetric.PRICE_FORECAST;
        // A production cost (labour per wafer, a cost advantage, a cost share) is not a market price; a freight rate is.
        if (has(s, "price") || has(s, "freight")) {
            return has(s, "move") || has(s, "increase") || has(s, "return") ? MarketMetric.PRICE_MOVE : MarketMetric.PRICE;
        }
        if (has(s, "inventory") || has(s, "stock") || has(s, "reserve")) {
            return has(s, "level") || has(s, "stock") || has(s, "reserve") ? MarketMetric.INVENTORY_LEVEL : MarketMetric.INVENTORY_CHANGE;
        }
        if (has(s, "demand")) return MarketMetric.DEMAND;
        if (k.equals("capacity") || has(s, "capacity")) return MarketMetric.CAPACITY;
        if (k.equals("inventory")) return MarketMetric.INVENTORY_CHANGE;
        if (k.equals("price")) return MarketMetric.PRICE_MOVE;
        return MarketMetric.OTHER;
    }

    /** Stage of a supply share; IMPORTS marks a bilateral import share, which is not a share of world supply. */
    public static SupplyStage stage(String subtype) {
        String s = normalise(subtype);
        if (has(s, "import")) return SupplyStage.IMPORTS;
        if (has(s, "mine") || has(s, "mining")) return SupplyStage.MINE;
        if (has(s, "processing") || has(s, "refining") || has(s, "smelting") || has(s, "separation")) return SupplyStage.PROCESSING;
        if (has(s, "capacity")) return SupplyStage.PROCESSING;
        if (has(s, "refined")) return SupplyStage.REFINED;
        if (has(s, "magnet")) return SupplyStage.MAGNET;
        if (has(s, "regional") || has(s, "reserves") || has(s, "resource")) return SupplyStage.RESERVES;
        if (has(s, "market") || s.equals("supply_share")) return SupplyStage.MARKET;
        return SupplyStage.OTHER;
    }

    public static DisruptionKind disruption(String subtype) {
        return lexicon.best(Lexicon.words(subtype), Lexicon.Role.DISRUPTION)
                .map(e -> DisruptionKind.valueOf(e.value())).orElse(DisruptionKind.OTHER);
    }

    /**
     * Whether a disruption's subtype reports supply coming back ("canal_reopened", "exports_resumed", "plant
     * restarted"): its wording carries an action the lexicon reads as a lift. Other relief words do not count for a
     * disruption: a "shipping suspension" is the disruption itself, not a pause of one.
     */
    public static boolean isRecovery(String subtype) {
        return lexicon.best(Lexicon.words(subtype), Lexicon.Role.ACTION).map(e -> e.value().equals("LIFT")).orElse(false);
    }

    /** Lowercase identifier form used for commodities and subtypes: 'Rare Earths' becomes 'rare_earths'. */
    public static String normalise(String raw) {
        if (raw == null) return "";
        return raw.trim().toLowerCase(Locale.ROOT).replaceAll("[\\s\\-/]+", "_");
    }

    private static boolean has(String subtype, String word) {
        return subtype.contains(word);
    }
}
