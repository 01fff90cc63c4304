package io.supplyshock.ingest;

import io.supplyshock.topics.Countries;
import io.supplyshock.schema.CommoditySupplyProfile;
import io.supplyshock.schema.DeadLetterReason;
import io.supplyshock.schema.DisruptionEvent;
import io.supplyshock.schema.ExposureProfile;
import io.supplyshock.schema.MarketEvent;
import io.supplyshock.schema.MarketMetric;
import io.supplyshock.schema.PartialDate;
import io.supplyshock.schema.PolicyEvent;
import io.supplyshock.schema.PolicyInstrument;
import io.supplyshock.schema.SupplyShare;
import io.supplyshock.topics.Topics;
import org.apache.avro.specific.SpecificRecord;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Semantic checks on records that passed the schema. The schema cannot say that a price must not be
 * negative or that a measure cannot expire before it starts; these checks can, and a record failing
 * one goes to the dead-letter topic instead of poisoning commodity state.
 *
 * <p>Open vocabularies stay open: an unknown commodity or subtype is never a violation.
 */
final class EventValidator {

    private static final Pattern COMMODITY = Pattern.compile("[a-z0-9][a-z0-9_]{0,99}");
    private static final Pattern ENTITY_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,99}");
    /** Levels that cannot be below zero; moves, flows and changes can. */
    private static final Set<MarketMetric> NON_NEGATIVE = EnumSet.of(MarketMetric.PRICE, MarketMetric.PRICE_FORECAST,
            MarketMetric.INVENTORY_LEVEL, MarketMetric.ETF_HOLDINGS, MarketMetric.CAPACITY, MarketMetric.SUPPLY_SHARE,
            MarketMetric.LEAD_TIME);
    private static final Set<PolicyInstrument> NON_NEGATIVE_POLICY = EnumSet.of(PolicyInstrument.TARIFF,
            PolicyInstrument.PRICE_FLOOR, PolicyInstrument.PRICE_CAP, PolicyInstrument.QUOTA, PolicyInstrument.EXPORT_QUOTA,
            PolicyInstrument.STOCKPILE_PURCHASE);

    private EventValidator() {
    }

    public static Optional<Violation> validate(String key, SpecificRecord record) {
        List<Optional<Violation>> checks = new ArrayList<>();
        switch (record) {
            case PolicyEvent e -> {
                checks.add(commodity(e.getCommodity()));
                checks.add(country("issuerCountry", e.getIssuerCountry()));
                e.getTargetCountries().forEach(c -> checks.add(country("targetCountries", c)));
                checks.add(number("value", e.getValue(), NON_NEGATIVE_POLICY.contains(e.getInstrument())));
                checks.add(number("valueMax", e.getValueMax(), NON_NEGATIVE_POLICY.contains(e.getInstrument())));
                checks.add(number("previousValue", e.getPreviousValue(), NON_NEGATIVE_POLICY.contains(e.getInstrument())));
                checks.add(range(e.getValue(), e.getValueMax()));
                checks.add(order("effectiveDate", e.getEffectiveDate(), "expiryDate", e.getExpiryDate()));
            }
            case MarketEvent e -> {
                boolean level = NON_NEGATIVE.contains(e.getMetric());
                checks.add(commodity(e.getCommodity()));
                checks.add(country("country", e.getCountry()));
                checks.add(country("counterpartCountry", e.getCounterpartCountry()));
                checks.add(number("value", e.getValue(), level));
                checks.add(number("valueMax", e.getValueMax(), level));
                checks.add(number("previousValue", e.getPreviousValue(), level));
                checks.add(range(e.getValue(), e.getValueMax()));
                checks.add(order("periodStart", e.getPeriodStart(), "observedDate", e.getObservedDate()));
                if (e.getMetric() == MarketMetric.SUPPLY_SHARE && "pct".equals(e.getUnit()) && e.getValue() != null && e.getValue() > 100) {
                    checks.add(Optional.of(new Violation(DeadLetterReason.INVALID_VALUE,
                            "supply share " + e.getValue() + " pct is above 100")));
                }
            }
            case DisruptionEvent e -> {
                checks.add(commodity(e.getCommodity()));
                checks.add(country("country", e.getCountry()));
                checks.add(country("affectedCountry", e.getAffectedCountry()));
                checks.add(number("magnitude", e.getMagnitude(), false));
                checks.add(number("magnitudeMax", e.getMagnitudeMax(), false));
                checks.add(range(e.getMagnitude(), e.getMagnitudeMax()));
            }
            case CommoditySupplyProfile p -> {
                checks.add(commodity(p.getCommodity()));
                if (key != null && !key.equals(p.getCommodity())) {
                    // A profile is a table row of its commodity (compacted by key): another key would be another row.
                    checks.add(Optional.of(new Violation(DeadLetterReason.INVALID_VALUE, "record key '" + key + "' differs from commodity '"
                            + p.getCommodity() + "'; a commodity profile must be keyed by its commodity")));
                }
                for (SupplyShare s : p.getShares()) {
                    checks.add(country("shares.country", s.getCountry()));
                    checks.add(number("shares.sharePct", s.getSharePct(), true));
                    if (s.getSharePct() > 100) {
                        checks.add(Optional.of(new Violation(DeadLetterReason.INVALID_VALUE,
                                "share of " + s.getCountry() + " is " + s.getSharePct() + " pct, above 100")));
                    }
                }
            }
            case ExposureProfile p -> {
                checks.add(commodity(p.getCommodity()));
                checks.add(country("country", p.getCountry()));
                checks.add(country("entityCountry", p.getEntityCountry()));
                if (!ENTITY_ID.matcher(p.getEntityId()).matches()) {
                    checks.add(Optional.of(new Violation(DeadLetterReason.MISSING_FIELD,
                            "entityId '" + p.getEntityId() + "' must match " + ENTITY_ID.pattern())));
                }
                String expectedId = Topics.exposureKey(p.getEntityId(), p.getCommodity(), p.getCountry());
                if (!p.getProfileId().equals(expectedId)) {
                    checks.add(Optional.of(new Violation(DeadLetterReason.MISSING_FIELD,
                            "profileId '" + p.getProfileId() + "' must be entityId|commodity|country, here '" + expectedId + "'")));
                } else if (key != null && !key.equals(expectedId)) {
                    // The record key places the profile in the table and, re-keyed, beside its commodity's shocks.
                    checks.add(Optional.of(new Violation(DeadLetterReason.INVALID_VALUE,
                            "record key '" + key + "' differs from profileId '" + expectedId + "'; the key must be the profile id")));
                }
                if (Double.isNaN(p.getWeight()) || p.getWeight() < 0 || p.getWeight() > 1) {
                    checks.add(Optional.of(new Violation(DeadLetterReason.INVALID_VALUE,
                            "weight " + p.getWeight() + " is outside [0, 1]")));
                }
            }
            default -> checks.add(Optional.of(new Violation(DeadLetterReason.OTHER,
                    "unexpected record type " + record.getSchema().getFullName())));
        }
        checks.add(textAndDates("", "", record));
        for (Optional<Violation> check : checks) {
            if (check.isPresent()) return check;
        }
        return Optional.empty();
    }

    /** Longest text any field may hold; a producer's summary is a few hundred characters. */
    public static final int MAX_TEXT_CHARS = 10_000;
    /** Years an event time or a stated date may fall in: news of the industrial era, measures up to a century ahead. */
    public static final int FIRST_YEAR = 1900, LAST_YEAR = 2100;

    /**
     * Every text and date field of the record, nested ones included: no oversized text, no control or
     * bidirectional-formatting characters (they reorder or hide what an analyst reads), no date outside
     * {@link #FIRST_YEAR}..{@link #LAST_YEAR}. Schema-valid nonsense stops here instead of reaching the state.
     */
    private static Optional<Violation> textAndDates(String parent, String name, Object value) {
        switch (value) {
            case null -> {
                return Optional.empty();
            }
            case CharSequence text -> {
                return text(parent, name, text.toString());
            }
            case java.time.Instant t -> {
                int year = t.atZone(java.time.ZoneOffset.UTC).getYear();
                return year < FIRST_YEAR || year > LAST_YEAR
                        ? Optional.of(new Violation(DeadLetterReason.INVALID_DATES, path(parent, name) + " " + t + " is outside " + FIRST_YEAR + ".." + LAST_YEAR))
                        : Optional.empty();
            }
            case java.time.LocalDate d -> {
                return d.getYear() < FIRST_YEAR || d.getYear() > LAST_YEAR
                        ? Optional.of(new Violation(DeadLetterReason.INVALID_DATES, path(parent, name) + " " + d + " is outside " + FIRST_YEAR + ".." + LAST_YEAR))
                        : Optional.empty();
            }
            case SpecificRecord r -> {
                // A field's path is spelled out only for a violation: every record of every topic passes through here.
                String path = path(parent, name);
                for (org.apache.avro.Schema.Field f : r.getSchema().getFields()) {
                    Optional<Violation> v = textAndDates(path, f.name(), r.get(f.pos()));
                    if (v.isPresent()) return v;
                }
                return Optional.empty();
            }
            case java.util.Collection<?> items -> {
                for (Object item : items) {
                    Optional<Violation> v = textAndDates(parent, name, item);
                    if (v.isPresent()) return v;
                }
                return Optional.empty();
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    private static String path(String parent, String name) {
        return parent.isEmpty() ? name : name.isEmpty() ? parent : parent + "." + name;
    }

    private static Optional<Violation> text(String parent, String name, String text) {
        if (text.length() > MAX_TEXT_CHARS) {
            return Optional.of(new Violation(DeadLetterReason.INVALID_VALUE,
                    String.format(java.util.Locale.ROOT, "%s is %,d characters, at most %,d", path(parent, name), text.length(), MAX_TEXT_CHARS)));
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = Character.isISOControl(c) && c != '\n' && c != '\t' && c != '\r';
            boolean bidi = (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069') || c == '\u200E' || c == '\u200F' || c == '\u061C';
            if (control || bidi) {
                return Optional.of(new Violation(DeadLetterReason.INVALID_VALUE, String.format(java.util.Locale.ROOT,
                        "%s contains %s character U+%04X at position %d", path(parent, name), control ? "a control" : "a bidirectional-formatting", (int) c, i)));
            }
        }
        return Optional.empty();
    }

    private static Optional<Violation> commodity(String commodity) {
        if (commodity == null || commodity.isBlank()) {
            return Optional.of(new Violation(DeadLetterReason.EMPTY_COMMODITY, "commodity is empty"));
        }
        if (!COMMODITY.matcher(commodity).matches()) {
            return Optional.of(new Violation(DeadLetterReason.INVALID_VALUE,
                    "commodity '" + commodity + "' is not a lowercase identifier [a-z0-9_]"));
        }
        return Optional.empty();
    }

    private static Optional<Violation> country(String field, String code) {
        if (code == null || Countries.isValid(code)) return Optional.empty();
        return Optional.of(new Violation(DeadLetterReason.INVALID_COUNTRY,
                field + " '" + code + "' is neither an ISO 3166-1 alpha-2 code nor a known bloc " + Countries.BLOCS));
    }

    private static Optional<Violation> number(String field, Double value, boolean nonNegative) {
        if (value == null) return Optional.empty();
        if (value.isNaN() || value.isInfinite()) {
            return Optional.of(new Violation(DeadLetterReason.INVALID_VALUE, field + " is " + value));
        }
        if (nonNegative && value < 0) {
            return Optional.of(new Violation(DeadLetterReason.INVALID_VALUE, field + " " + value + " is negative"));
        }
        return Optional.empty();
    }

    private static Optional<Violation> range(Double low, Double high) {
        if (low != null && high != null && high < low) {
            return Optional.of(new Violation(DeadLetterReason.INVALID_VALUE, "range upper end " + high + " is below " + low));
        }
        return Optional.empty();
    }

    private static Optional<Violation> order(String firstName, PartialDate first, String secondName, PartialDate second) {
        if (first != null && second != null && second.getDate().isBefore(first.getDate())) {
            return Optional.of(new Violation(DeadLetterReason.INVALID_DATES,
                    secondName + " " + second.getRaw() + " is before " + firstName + " " + first.getRaw()));
        }
        return Optional.empty();
    }
}
