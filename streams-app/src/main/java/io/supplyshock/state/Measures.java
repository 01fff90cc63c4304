package io.supplyshock.state;

import io.supplyshock.schema.Measure;
import io.supplyshock.schema.PolicyAction;
import io.supplyshock.schema.PolicyInstrument;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.Set;

/** Rules about policy measures: which tighten supply, which relieve it, and when one is in force. */
public final class Measures {

    private static final Set<PolicyInstrument> EXPORT_FAMILY = EnumSet.of(PolicyInstrument.EXPORT_LICENCE,
            PolicyInstrument.EXPORT_CONTROL, PolicyInstrument.EXPORT_BAN, PolicyInstrument.EXPORT_QUOTA);
    private static final Set<PolicyInstrument> IMPORT_FAMILY = EnumSet.of(PolicyInstrument.IMPORT_RESTRICTION,
            PolicyInstrument.QUOTA, PolicyInstrument.TARIFF);
    private static final Set<PolicyAction> RELIEVING = EnumSet.of(PolicyAction.PAUSE, PolicyAction.LIFT,
            PolicyAction.EXEMPT, PolicyAction.LOWER);
    private static final Set<PolicyAction> TIGHTENING = EnumSet.of(PolicyAction.IMPOSE, PolicyAction.RAISE,
            PolicyAction.THREATEN, PolicyAction.OTHER);

    private Measures() {
    }

    public static boolean relieves(PolicyAction action) {
        return RELIEVING.contains(action);
    }

    public static boolean tightens(PolicyAction action) {
        return TIGHTENING.contains(action);
    }

    /** A pause of export controls ends export licences, bans and quotas alike: the news rarely names the exact instrument. */
    public static boolean sameFamily(PolicyInstrument a, PolicyInstrument b) {
        if (a == b) return true;
        return EXPORT_FAMILY.contains(a) && EXPORT_FAMILY.contains(b)
                || IMPORT_FAMILY.contains(a) && IMPORT_FAMILY.contains(b);
    }

    /**
     * In force or announced to come into force: an announced export licence is already a shock for
     * buyers planning ahead, so a future effective date does not make a measure inactive.
     */
    public static boolean isActive(Measure m, LocalDate on) {
        if (!tightens(m.getAction())) return false;
        if (m.getExpiresOn() != null && !on.isBefore(m.getExpiresOn())) return false;
        return !isEnded(m, on);
    }

    public static boolean isEnded(Measure m, LocalDate on) {
        if (m.getEndedOn() == null || on.isBefore(m.getEndedOn())) return false;
        return m.getResumesOn() == null || on.isBefore(m.getResumesOn());
    }
}
