package io.supplyshock.profiles;

import io.supplyshock.schema.ExposureRole;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Maps free-text roles ("producer (mine-to-magnet)", "financier / strategic buyer") onto
 * {@link ExposureRole}, and gives each role its default exposure weight.
 *
 * <p>Keywords are tried in a fixed order (consumer, producer, financier, regulator), so a mixed role
 * such as "producer (AI chips) / consumer (foundry)" resolves the same way every time; consumer wins
 * because a consumer is hit hardest by a supply shock.
 */
public final class Roles {

    private record Rule(ExposureRole role, List<String> keywords) {
    }

    private static final List<Rule> RULES = List.of(
            new Rule(ExposureRole.CONSUMER, List.of("consumer")),
            new Rule(ExposureRole.PRODUCER, List.of("producer", "miner", "developer", "supplier")),
            new Rule(ExposureRole.FINANCIER, List.of("financier", "bank", "investor", "fund")),
            new Rule(ExposureRole.REGULATOR, List.of("regulator", "government", "agency", "ministry")));

    /** Roles that only watch or report a market; an entity with nothing else has no exposure to profile. */
    private static final List<String> OBSERVER_TERMS =
            List.of("analyst", "data source", "price reporting", "spokesperson", "research", "media");

    /**
     * Default share of an entity's business at risk, by role: a consumer loses its input, a producer
     * mostly gains from scarcity but its own supply chain is exposed, financiers and regulators are
     * exposed indirectly. Documented defaults; users override them in their own profile files.
     */
    private static final Map<ExposureRole, Double> DEFAULT_WEIGHTS = Map.of(
            ExposureRole.CONSUMER, 0.8,
            ExposureRole.PRODUCER, 0.6,
            ExposureRole.FINANCIER, 0.4,
            ExposureRole.REGULATOR, 0.2,
            ExposureRole.OTHER, 0.3);

    private Roles() {
    }

    /** The canonical name (any case) or, failing that, the first keyword rule that matches; else OTHER. */
    public static ExposureRole fromText(String raw) {
        if (raw == null || raw.isBlank()) {
            return ExposureRole.OTHER;
        }
        String text = raw.trim().toLowerCase(Locale.ROOT);
        for (ExposureRole role : ExposureRole.values()) {
            if (role.name().toLowerCase(Locale.ROOT).equals(text)) {
                return role;
            }
        }
        for (Rule rule : RULES) {
            if (rule.keywords().stream().anyMatch(text::contains)) {
                return rule.role();
            }
        }
        return ExposureRole.OTHER;
    }

    /**
     * True when every part of the role ("analyst / media", "data source (hashrate map)") is an observer
     * term. Explanations in parentheses are ignored; parts are separated by '/', ',', ';' or '&'.
     */
    public static boolean isObserverOnly(String raw) {
        if (raw == null || raw.isBlank()) {
            return false;
        }
        String withoutNotes = raw.toLowerCase(Locale.ROOT).replaceAll("\\([^)]*\\)", " ");
        List<String> parts = List.of(withoutNotes.split("[/,;&]")).stream().map(String::strip).filter(p -> !p.isEmpty()).toList();
        return !parts.isEmpty() && parts.stream().allMatch(p -> OBSERVER_TERMS.stream().anyMatch(p::contains));
    }

    public static double defaultWeight(ExposureRole role) {
        return DEFAULT_WEIGHTS.getOrDefault(role, DEFAULT_WEIGHTS.get(ExposureRole.OTHER));
    }
}
