package io.supplyshock.profiles;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/** Entity ids: stable lowercase slugs such as {@code mp-materials}, the key part users can type. */
public final class EntityIds {

    public static final int MAX_LENGTH = 100;
    public static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9-]{0," + (MAX_LENGTH - 1) + "}");

    private EntityIds() {
    }

    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }

    /**
     * Slug of a display name: lowercase, accents dropped (Société -> societe), every run of other
     * characters one '-', no leading or trailing '-', at most 100 characters. Empty when the name has
     * no latin letters or digits (e.g. only Chinese), in which case the caller must supply an id.
     */
    public static String slug(String name) {
        if (name == null) {
            return "";
        }
        String ascii = Normalizer.normalize(name, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "");
        String slug = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        slug = trimDashes(slug);
        if (slug.length() > MAX_LENGTH) {
            slug = trimDashes(slug.substring(0, MAX_LENGTH));
        }
        return slug;
    }

    /** {@code base} with a numeric suffix, cut so the result still fits in 100 characters. */
    public static String withSuffix(String base, int n) {
        String suffix = "-" + n;
        String head = base.length() + suffix.length() > MAX_LENGTH ? trimDashes(base.substring(0, MAX_LENGTH - suffix.length())) : base;
        return head + suffix;
    }

    private static String trimDashes(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && s.charAt(from) == '-') from++;
        while (to > from && s.charAt(to - 1) == '-') to--;
        return s.substring(from, to);
    }
}
