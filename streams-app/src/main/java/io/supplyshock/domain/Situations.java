package io.supplyshock.domain;

import io.supplyshock.schema.PartialDate;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Names the real-world situation an event reports, so that repeated reports of it can be recognised.
 * A producer's group is the best evidence; without one, the same instrument by the same issuer on the
 * same commodity and date is taken to be the same situation.
 */
public final class Situations {

    private Situations() {
    }

    public static String dedupKey(String group, String instrument, String issuer, String commodity,
                                  PartialDate effective, Instant eventTime) {
        if (group != null && !group.isBlank()) {
            return "group:" + group;
        }
        String date = effective != null ? effective.getRaw() : LocalDate.ofInstant(eventTime, ZoneOffset.UTC).toString();
        return "fact:" + instrument + "|" + (issuer == null ? "-" : issuer) + "|" + commodity + "|" + date;
    }

    /** Situations of policy measures and disruptions, as opposed to market signals and deadline milestones. */
    public static boolean isShockSituation(String dedupKey) {
        return dedupKey.startsWith("group:") || dedupKey.startsWith("fact:");
    }
}
