package io.supplyshock.topics;

/**
 * Numbers inside store keys (times, days, sequences), written zero-padded to a fixed width so that the keys sort as the
 * numbers do and a range or prefix scan returns them in order. Built by hand: {@code String.format} showed in profiles
 * of the stream thread, where these keys are made for every fact.
 */
public final class KeyNumbers {

    private KeyNumbers() {
    }

    /** {@code value} (not negative) in at least {@code digits} digits, zeros in front. */
    public static String padded(long value, int digits) {
        if (value < 0) throw new IllegalArgumentException("a key number is not negative: " + value);
        String plain = Long.toString(value);
        return plain.length() >= digits ? plain : "0".repeat(digits - plain.length()) + plain;
    }
}
