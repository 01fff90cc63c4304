package io.supplyshock.state;

import io.supplyshock.schema.PolicyInstrument;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class InstrumentFamilyTest {

    @Test
    void theInstrumentsOfAFamilyReportOneMeasure() {
        assertThat(InstrumentFamily.of(PolicyInstrument.EXPORT_BAN)).contains(InstrumentFamily.EXPORT);
        assertThat(InstrumentFamily.of(PolicyInstrument.QUOTA)).contains(InstrumentFamily.IMPORT);
        assertThat(InstrumentFamily.of(PolicyInstrument.GRANT_OR_SUBSIDY)).contains(InstrumentFamily.FINANCE);
        assertThat(InstrumentFamily.of(PolicyInstrument.SANCTION)).isEqualTo(Optional.empty());
    }

    @Test
    void aReliefEndsARestrictionOfItsFamilyButOnlyItsOwnInstrumentOfStateMoney() {
        assertThat(Measures.reliefEnds(PolicyInstrument.EXPORT_CONTROL, PolicyInstrument.EXPORT_LICENCE)).isTrue();
        assertThat(Measures.reliefEnds(PolicyInstrument.TARIFF, PolicyInstrument.IMPORT_RESTRICTION)).isTrue();
        assertThat(Measures.reliefEnds(PolicyInstrument.GRANT_OR_SUBSIDY, PolicyInstrument.GRANT_OR_SUBSIDY)).isTrue();
        assertThat(Measures.reliefEnds(PolicyInstrument.GRANT_OR_SUBSIDY, PolicyInstrument.LOAN_OR_GUARANTEE)).isFalse();
        assertThat(Measures.reliefEnds(PolicyInstrument.SANCTION, PolicyInstrument.PRICE_CAP)).as("two instruments of no family").isFalse();
        assertThat(Measures.reliefEnds(PolicyInstrument.EXPORT_CONTROL, PolicyInstrument.TARIFF)).isFalse();
    }
}
