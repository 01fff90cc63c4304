package io.supplyshock.events;

import io.supplyshock.config.AppConfig;

import java.util.Locale;

/** What the publisher does with a line that states no date at all (setting {@code publish.undated}). */
public enum UndatedPolicy {
    /** Use the time the publish run started: the fact is at least known by then. */
    PUBLISH_TIME("publish-time"),
    /** Refuse the line, for producers that must date every fact. */
    REJECT("reject");

    private final String settingValue;

    UndatedPolicy(String settingValue) {
        this.settingValue = settingValue;
    }

    public String settingValue() {
        return settingValue;
    }

    public static UndatedPolicy from(AppConfig config) {
        String raw = config.get(AppConfig.UNDATED_POLICY);
        String value = raw == null ? "" : raw.trim().toLowerCase(Locale.ROOT);
        for (UndatedPolicy p : values()) {
            if (p.settingValue.equals(value)) {
                return p;
            }
        }
        throw new IllegalArgumentException(AppConfig.UNDATED_POLICY.key() + " (" + AppConfig.UNDATED_POLICY.envName()
                + ") must be 'publish-time' or 'reject', got '" + raw + "'");
    }
}
