package io.supplyshock.console;

import io.supplyshock.schema.Alert;
import io.supplyshock.schema.AlertType;
import io.supplyshock.schema.Severity;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The feed's filters, all optional and combined with AND: band and type take one name or a comma list
 * (band=HIGH,CRITICAL), commodity and storyline an exact id, country an ISO code matched against the
 * issuer and every target. Unknown band or type names are refused with the accepted names, not ignored.
 */
record AlertFilter(Set<Severity> bands, Set<AlertType> types, String commodity, String country, String storyline)
        implements Predicate<Alert> {

    static final AlertFilter ALL = new AlertFilter(Set.of(), Set.of(), null, null, null);

    static AlertFilter from(Map<String, String> query) {
        return new AlertFilter(names(query.get("band"), Severity.class, "band"), names(query.get("type"), AlertType.class, "type"),
                blankToNull(query.get("commodity")), upper(blankToNull(query.get("country"))),
                blankToNull(query.get("storyline")));
    }

    @Override
    public boolean test(Alert a) {
        return (bands.isEmpty() || bands.contains(a.getSeverity()))
                && (types.isEmpty() || types.contains(a.getAlertType()))
                && (commodity == null || commodity.equals(a.getCommodity()))
                && (storyline == null || storyline.equals(a.getStorylineId()))
                && (country == null || country.equals(upper(a.getIssuerCountry()))
                        || a.getCountries().stream().anyMatch(c -> country.equals(upper(c))));
    }

    private static <E extends Enum<E>> Set<E> names(String raw, Class<E> type, String parameter) {
        if (raw == null || raw.isBlank()) return Set.of();
        return Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(name -> {
            try {
                return Enum.valueOf(type, name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(parameter + " '" + name + "' is not one of "
                        + Arrays.toString(type.getEnumConstants()));
            }
        }).collect(Collectors.toUnmodifiableSet());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static String upper(String s) {
        return s == null ? null : s.toUpperCase(Locale.ROOT);
    }
}
