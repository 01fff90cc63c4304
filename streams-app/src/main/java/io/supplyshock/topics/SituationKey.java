package io.supplyshock.topics;

import io.supplyshock.schema.AlertType;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The keys that name a situation, its storyline and its alerts. They key the alert ledger, the storyline slices and
 * the storylines table, and every alert carries them (dedupKey, alertId, storylineId), so their strings must never
 * change: another format would open every known situation a second time after an upgrade.
 *
 * <pre>
 *   storyline      group:{group}                or  story:{issuer or -}|{commodity}
 *   shock          {storyline}/{issuer or -}|{family}|{commodity}|{targets, sorted, or *}|{anchor date or -}
 *   market signal  signal:{alert type}|{commodity}|{what tells two signals of the type apart}
 *   deadline       deadline:{group:{group} or the measure's event id}|{milestone}|{deadline}|{lead days}
 *   alert id       {situation key}#{sequence}
 *   slice          {storyline}|{commodity}          one storyline's situations on one commodity (internal)
 * </pre>
 *
 * Parsing reads a shock key from its last {@code /} and a deadline key from its right end, so a producer's group
 * or event id may hold any character; the other parts are validated codes, enum names and dates.
 */
public sealed interface SituationKey permits SituationKey.OfShock, SituationKey.OfSignal, SituationKey.OfDeadline {

    String SIGNAL_PREFIX = "signal:";
    String DEADLINE_PREFIX = "deadline:";
    String GROUP_PREFIX = "group:";
    String NONE = "-";

    /** Which of the three situations a key names. */
    enum Kind {
        /** A policy measure or a disruption, found within its storyline. */
        SHOCK,
        /** A market signal: a price spike, an inventory drawdown, a breached floor or cap, ... */
        SIGNAL,
        /** One milestone of a measure's deadline. */
        DEADLINE
    }

    /** The key as it is stored and published. */
    String value();

    /** The storyline: the producer's group, else the issuer and commodity. */
    static String storyline(String group, String issuer, String commodity) {
        if (group != null && !group.isBlank()) return GROUP_PREFIX + group;
        return "story:" + orNone(issuer) + "|" + commodity;
    }

    static Kind kindOf(String key) {
        if (key.startsWith(SIGNAL_PREFIX)) return Kind.SIGNAL;
        if (key.startsWith(DEADLINE_PREFIX)) return Kind.DEADLINE;
        return Kind.SHOCK;
    }

    static SituationKey parse(String key) {
        return switch (kindOf(key)) {
            case SIGNAL -> OfSignal.parse(key);
            case DEADLINE -> OfDeadline.parse(key);
            case SHOCK -> OfShock.parse(key);
        };
    }

    /** One policy measure or disruption: issuer, instrument family, commodity, targets and the date that places it. */
    record OfShock(String storyline, String issuer, String family, String commodity, String targets, LocalDate anchor)
            implements SituationKey {

        /** The targets as the key holds them: sorted and comma-separated, or {@code *} for every destination. */
        public static String targetsOf(List<String> targets) {
            return targets == null || targets.isEmpty() ? "*" : String.join(",", new TreeSet<>(targets));
        }

        @Override
        public String value() {
            return storyline + "/" + orNone(issuer) + "|" + family + "|" + commodity + "|" + targets + "|"
                    + (anchor == null ? NONE : anchor.toString());
        }

        static OfShock parse(String key) {
            int slash = key.lastIndexOf('/');
            String[] parts = slash < 0 ? new String[0] : key.substring(slash + 1).split("\\|", -1);
            if (parts.length != 5) throw malformed(key, "{storyline}/{issuer}|{family}|{commodity}|{targets}|{anchor}");
            return new OfShock(key.substring(0, slash), noneAsNull(parts[0]), parts[1], parts[2], parts[3],
                    parts[4].equals(NONE) ? null : LocalDate.parse(parts[4]));
        }
    }

    /** A market signal of one type on one commodity; {@code detail} tells two signals of the type apart. */
    record OfSignal(AlertType type, String commodity, String detail) implements SituationKey {

        /** The signal whose detail is the given parts (a venue, a window start, the event id of a measure), in order. */
        public static OfSignal of(AlertType type, String commodity, Object... details) {
            return new OfSignal(type, commodity, Arrays.stream(details).map(String::valueOf).collect(Collectors.joining("|")));
        }

        @Override
        public String value() {
            return SIGNAL_PREFIX + type + "|" + commodity + "|" + detail;
        }

        static OfSignal parse(String key) {
            String[] parts = key.substring(SIGNAL_PREFIX.length()).split("\\|", 3);
            if (parts.length != 3) throw malformed(key, "signal:{type}|{commodity}|{detail}");
            return new OfSignal(AlertType.valueOf(parts[0]), parts[1], parts[2]);
        }
    }

    /**
     * One milestone (a countdown at {@code leadDays}, or the day itself at 0) of a measure's deadline. A measure with a
     * producer group is named by its group, so the republished reports of one grouped measure share their countdowns.
     */
    record OfDeadline(String subject, String milestone, LocalDate deadline, int leadDays) implements SituationKey {

        public static OfDeadline of(String group, String measureEventId, String milestone, LocalDate deadline, int leadDays) {
            return new OfDeadline(group != null ? GROUP_PREFIX + group : measureEventId, milestone, deadline, leadDays);
        }

        @Override
        public String value() {
            return DEADLINE_PREFIX + subject + "|" + milestone + "|" + deadline + "|" + leadDays;
        }

        static OfDeadline parse(String key) {
            String rest = key.substring(DEADLINE_PREFIX.length());
            int lead = rest.lastIndexOf('|');
            int date = lead < 0 ? -1 : rest.lastIndexOf('|', lead - 1);
            int milestone = date < 0 ? -1 : rest.lastIndexOf('|', date - 1);
            if (milestone < 0) throw malformed(key, "deadline:{subject}|{milestone}|{deadline}|{lead days}");
            return new OfDeadline(rest.substring(0, milestone), rest.substring(milestone + 1, date),
                    LocalDate.parse(rest.substring(date + 1, lead)), Integer.parseInt(rest.substring(lead + 1)));
        }
    }

    /** The id of the {@code sequence}-th alert of a situation (the first is 1). */
    record AlertId(String situation, int sequence) {

        public String value() {
            return situation + "#" + sequence;
        }

        public static AlertId parse(String alertId) {
            int hash = alertId.lastIndexOf('#');
            if (hash < 0) throw malformed(alertId, "{situation key}#{sequence}");
            return new AlertId(alertId.substring(0, hash), Integer.parseInt(alertId.substring(hash + 1)));
        }
    }

    /**
     * The part of a storyline on one commodity: every situation is of one commodity, so a slice holds all a report
     * of that commodity can match, in the task of the commodity. Parsed from the last {@code |}, as a commodity is an
     * identifier and a storyline may hold any character.
     */
    record Slice(String storyline, String commodity) {

        public String value() {
            return storyline + "|" + commodity;
        }

        public static Slice parse(String key) {
            int bar = key.lastIndexOf('|');
            if (bar < 0) throw malformed(key, "{storyline}|{commodity}");
            return new Slice(key.substring(0, bar), key.substring(bar + 1));
        }
    }

    private static String orNone(String part) {
        return part == null ? NONE : part;
    }

    private static String noneAsNull(String part) {
        return part.equals(NONE) ? null : part;
    }

    private static IllegalArgumentException malformed(String key, String format) {
        return new IllegalArgumentException("'" + key + "' is not a key of the form " + format);
    }
}
