package io.supplyshock.publish;

import io.supplyshock.schema.DisruptionKind;
import io.supplyshock.schema.MarketMetric;
import io.supplyshock.schema.PolicyAction;
import io.supplyshock.schema.PolicyInstrument;
import io.supplyshock.schema.SupplyStage;

import java.util.Locale;

/**
 * Maps the producers' free subtype vocabulary onto the canonical enums of the contracts.
 *
 * <p>Producers extract facts from news and invent subtypes as they go ({@code export_control_pause},
 * {@code tariff_exemption_quota}, ...). Matching on words rather than on whole strings lets a new
 * subtype such as {@code export_ban_extension} land on the right instrument without a code change;
 * anything unrecognised maps to OTHER and never makes a record invalid. The raw string always
 * travels beside the canonical value.
 */
public final class Vocabulary {

    private Vocabulary() {
    }

    public record PolicyTerms(PolicyInstrument instrument, PolicyAction action) {
    }

    public static PolicyTerms policy(String subtype, Double value, Double previousValue) {
        String s = normalise(subtype);
        return new PolicyTerms(instrument(s), action(s, value, previousValue));
    }

    private static PolicyInstrument instrument(String s) {
        if (has(s, "sanction")) return PolicyInstrument.SANCTION;
        if (has(s, "export") && (has(s, "ban") || haltsExports(s))) return PolicyInstrument.EXPORT_BAN;
        if (has(s, "export") && has(s, "quota")) return PolicyInstrument.EXPORT_QUOTA;
        if (has(s, "export") && (has(s, "license") || has(s, "licence"))) return PolicyInstrument.EXPORT_LICENCE;
        if (has(s, "export")) return PolicyInstrument.EXPORT_CONTROL;
        if (has(s, "license") || has(s, "licence")) {
            return has(s, "revocation") || has(s, "revoke") ? PolicyInstrument.LICENCE_REVOCATION : PolicyInstrument.EXPORT_LICENCE;
        }
        if (has(s, "tariff") || has(s, "duty") || has(s, "section232")) return PolicyInstrument.TARIFF;
        if (has(s, "import")) return PolicyInstrument.IMPORT_RESTRICTION;
        if (has(s, "quota")) return PolicyInstrument.QUOTA;
        if (has(s, "stockpile") || has(s, "reserve") || has(s, "stockpiling")) return PolicyInstrument.STOCKPILE_PURCHASE;
        if (has(s, "floor") || has(s, "benchmark")) return PolicyInstrument.PRICE_FLOOR;
        if (has(s, "price") && has(s, "cap")) return PolicyInstrument.PRICE_CAP;
        if (has(s, "concentration")) return PolicyInstrument.CONCENTRATION_CAP;
        if (has(s, "equity") || has(s, "stake")) return PolicyInstrument.EQUITY_STAKE;
        if (has(s, "loan") || has(s, "guarantee") || has(s, "credit") || has(s, "financing")) return PolicyInstrument.LOAN_OR_GUARANTEE;
        if (has(s, "grant") || has(s, "subsid")) return PolicyInstrument.GRANT_OR_SUBSIDY;
        if (has(s, "investment") || has(s, "fund") || has(s, "projects")) return PolicyInstrument.INVESTMENT;
        if (has(s, "agreement") || has(s, "deal") || has(s, "mou") || has(s, "alliance") || has(s, "dialogue")) {
            return PolicyInstrument.TRADE_AGREEMENT;
        }
        if (has(s, "negotiation") || has(s, "window")) return PolicyInstrument.NEGOTIATION_WINDOW;
        if (has(s, "localisation") || has(s, "localization") || has(s, "reshoring") || has(s, "self")) {
            return PolicyInstrument.LOCALISATION_REQUIREMENT;
        }
        if (has(s, "plan") || has(s, "strategy") || has(s, "target") || has(s, "law") || has(s, "list")
                || has(s, "initiative") || has(s, "standard")) {
            return PolicyInstrument.STRATEGIC_PLAN;
        }
        return PolicyInstrument.OTHER;
    }

    private static PolicyAction action(String s, Double value, Double previousValue) {
        if ((has(s, "pause") || has(s, "suspend") || has(s, "suspension")) && !haltsExports(s)) return PolicyAction.PAUSE;
        if (has(s, "lift") || has(s, "removal") || has(s, "repeal")) return PolicyAction.LIFT;
        if (has(s, "exemption") || has(s, "exempt") || has(s, "carve")) return PolicyAction.EXEMPT;
        if (has(s, "threat") || has(s, "threaten") || has(s, "warning")) return PolicyAction.THREATEN;
        if (has(s, "lower") || has(s, "cut") || has(s, "reduction") || has(s, "cap") && has(s, "tariff")) return PolicyAction.LOWER;
        if (has(s, "raise") || has(s, "increase") || has(s, "hike") || has(s, "expansion") || has(s, "tighten")) {
            return PolicyAction.RAISE;
        }
        if (value != null && previousValue != null) {
            return value < previousValue ? PolicyAction.LOWER : PolicyAction.RAISE;
        }
        return PolicyAction.IMPOSE;
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
        String s = normalise(subtype);
        if (has(s, "earthquake") || has(s, "flood") || has(s, "typhoon") || has(s, "storm") || has(s, "fire")) {
            return DisruptionKind.NATURAL_DISASTER;
        }
        if (has(s, "strike")) return DisruptionKind.STRIKE;
        if (has(s, "ban")) return DisruptionKind.PRODUCER_BAN;
        if (has(s, "accident") || has(s, "explosion") || has(s, "collapse")) return DisruptionKind.ACCIDENT;
        if (has(s, "outage") || has(s, "shutdown") || has(s, "halt")) return DisruptionKind.OUTAGE;
        if (has(s, "shortage")) return DisruptionKind.SHORTAGE;
        if (has(s, "lead")) return DisruptionKind.LEAD_TIME;
        if (has(s, "transit") || has(s, "freight") || has(s, "logistics") || has(s, "port")) return DisruptionKind.LOGISTICS;
        return DisruptionKind.OTHER;
    }

    /** Lowercase identifier form used for commodities and subtypes: 'Rare Earths' becomes 'rare_earths'. */
    public static String normalise(String raw) {
        if (raw == null) return "";
        return raw.trim().toLowerCase(Locale.ROOT).replaceAll("[\\s\\-/]+", "_");
    }

    /**
     * "export_suspension", "export_halt": the exports themselves stop, which is a ban, unlike
     * "export_control_suspension", where a measure is suspended and trade resumes.
     */
    private static boolean haltsExports(String s) {
        return has(s, "export") && (has(s, "suspen") || has(s, "halt") || has(s, "stop"))
                && !(has(s, "control") || has(s, "licen") || has(s, "tariff") || has(s, "quota") || has(s, "restrict")
                || has(s, "ban") || has(s, "measure") || has(s, "order") || has(s, "duty"));
    }

    private static boolean has(String subtype, String word) {
        return subtype.contains(word);
    }
}
