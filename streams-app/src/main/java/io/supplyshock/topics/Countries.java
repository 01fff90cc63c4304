package io.supplyshock.topics;

import java.util.Locale;
import java.util.Set;

/** Country codes the pipeline accepts: ISO 3166-1 alpha-2 plus the blocs that issue trade measures. */
public final class Countries {

    /** Blocs that act as one issuer in trade policy. Deliberately short: a typo must not pass as a bloc. */
    public static final Set<String> BLOCS = Set.of("EU", "G7", "G20", "OPEC", "ASEAN", "BRICS", "GCC", "MERCOSUR", "APEC", "IPEF", "MSP");

    private static final Set<String> ISO = Set.copyOf(Locale.getISOCountries(Locale.IsoCountryCode.PART1_ALPHA2));

    private Countries() {
    }

    public static boolean isValid(String code) {
        return code != null && (ISO.contains(code) || BLOCS.contains(code));
    }

    public static boolean isBloc(String code) {
        return code != null && BLOCS.contains(code);
    }
}
