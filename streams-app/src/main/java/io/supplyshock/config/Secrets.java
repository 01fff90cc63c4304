package io.supplyshock.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Masks credentials wherever the app prints or logs settings. A key is secret when its name contains
 * one of {@link #MARKERS} (sasl.jaas.config, ssl.truststore.password, a registry client secret), except
 * keys ending in {@code .url}, which name where a token comes from rather than the token. Any value that
 * is a URL loses its user-info part: {@code https://user:pass@host} prints as {@code https://[hidden]@host}.
 *
 * <p>Kafka's own config dumps (ProducerConfig, ConsumerConfig, AdminClientConfig, StreamsConfig values)
 * print Password-typed settings as {@code [hidden]} already; this covers the app's own output.
 */
public final class Secrets {

    public static final String HIDDEN = "[hidden]";
    public static final List<String> MARKERS = List.of("password", "jaas", "secret", "token", "credential", "user.info");
    private static final Pattern URL_USER_INFO = Pattern.compile("(?<=://)[^/@\\s]+@");

    private Secrets() {
    }

    public static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT).replace('_', '.');
        // token.endpoint.url and the like name where a token comes from, not the token itself.
        if (k.endsWith(".url")) return false;
        return MARKERS.stream().anyMatch(k::contains);
    }

    /** The value as it may be printed under this key. */
    public static String mask(String key, Object value) {
        if (value == null) return null;
        if (isSecret(key)) return HIDDEN;
        return URL_USER_INFO.matcher(String.valueOf(value)).replaceAll(HIDDEN + "@");
    }

    /** A copy with every value masked, in the same order. */
    public static Map<String, String> masked(Map<String, ?> settings) {
        Map<String, String> out = new LinkedHashMap<>();
        settings.forEach((k, v) -> out.put(k, mask(k, v)));
        return out;
    }
}
