package io.supplyshock.state;

import io.supplyshock.schema.PolicyInstrument;
import io.supplyshock.topics.StageApi;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Instruments that the news uses, one for another, to report a single real-world measure. Alerting keeps one situation
 * per family (reports of a family's instruments by one issuer on one commodity are one situation); the state decides by
 * it which measures a relief ends. An instrument outside every family is its own.
 */
@StageApi
public enum InstrumentFamily {

    /**
     * Licences, controls, bans and quotas on the issuer's exports: one restriction, which reports name loosely, so
     * a pause of "export controls" ends the licences, bans and quotas it covers alike.
     */
    EXPORT(true, PolicyInstrument.EXPORT_LICENCE, PolicyInstrument.EXPORT_CONTROL, PolicyInstrument.EXPORT_BAN,
            PolicyInstrument.EXPORT_QUOTA),
    /** Tariffs, quotas and restrictions on the issuer's imports: one barrier, which a lift or cut of any of them lowers. */
    IMPORT(true, PolicyInstrument.TARIFF, PolicyInstrument.QUOTA, PolicyInstrument.IMPORT_RESTRICTION),
    /**
     * State money (equity, loans and guarantees, grants, investment): one programme's terms, reported under several of
     * them. The amounts are separate, though: cutting a grant withdraws no loan, so a relief ends its own instrument only.
     */
    FINANCE(false, PolicyInstrument.EQUITY_STAKE, PolicyInstrument.LOAN_OR_GUARANTEE, PolicyInstrument.GRANT_OR_SUBSIDY,
            PolicyInstrument.INVESTMENT);

    private final boolean reliefEndsTheWholeFamily;
    private final Set<PolicyInstrument> members;

    InstrumentFamily(boolean reliefEndsTheWholeFamily, PolicyInstrument first, PolicyInstrument... rest) {
        this.reliefEndsTheWholeFamily = reliefEndsTheWholeFamily;
        this.members = EnumSet.of(first, rest);
    }

    public static Optional<InstrumentFamily> of(PolicyInstrument instrument) {
        return Arrays.stream(values()).filter(f -> f.members.contains(instrument)).findFirst();
    }

    /** Whether a relief of one of the family's instruments ends the issuer's measures of the others. */
    public boolean reliefEndsTheWholeFamily() {
        return reliefEndsTheWholeFamily;
    }
}
