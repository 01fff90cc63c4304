package io.supplyshock.state;

import io.supplyshock.schema.Measure;
import io.supplyshock.schema.PolicyAction;
import io.supplyshock.schema.PolicyInstrument;
import io.supplyshock.topics.StageApi;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** Rules about policy measures: which tighten supply, which relieve it, and when one is in force. */
@StageApi
public final class Measures {

    private static final Set<PolicyAction> RELIEVING = EnumSet.of(PolicyAction.PAUSE, PolicyAction.LIFT,
            PolicyAction.EXEMPT, PolicyAction.LOWER);
    // OTHER is unclassified wording: neither a tightening nor a relief.
    private static final Set<PolicyAction> TIGHTENING = EnumSet.of(PolicyAction.IMPOSE, PolicyAction.RAISE,
            PolicyAction.THREATEN);

    private Measures() {
    }

    public static boolean relieves(PolicyAction action) {
        return RELIEVING.contains(action);
    }

    public static boolean tightens(PolicyAction action) {
        return TIGHTENING.contains(action);
    }

    /**
     * Whether a relief by this action can end a measure taken with that one. An exemption carves something out of a
     * measure in force; a threatened measure has nothing in force to carve out of, so a carve-out announced beside a
     * threat (firms building plants here are exempt) leaves the threat standing. A pause, a lift or a cut ends either.
     */
    public static boolean reliefEndsAction(PolicyAction relief, PolicyAction measure) {
        return !(relief == PolicyAction.EXEMPT && measure == PolicyAction.THREATEN);
    }

    /** Whether a relief of {@code relief} ends a measure of {@code measure}: the same instrument, or one its family lets it end. */
    static boolean reliefEnds(PolicyInstrument relief, PolicyInstrument measure) {
        if (relief == measure) return true;
        Optional<InstrumentFamily> family = InstrumentFamily.of(relief);
        return family.isPresent() && family.get().reliefEndsTheWholeFamily() && family.equals(InstrumentFamily.of(measure));
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
