package io.supplyshock.events;

import io.supplyshock.schema.DisruptionEvent;
import io.supplyshock.schema.DisruptionKind;
import io.supplyshock.schema.MarketEvent;
import io.supplyshock.schema.MarketMetric;
import io.supplyshock.schema.PolicyAction;
import io.supplyshock.schema.PolicyEvent;
import io.supplyshock.schema.PolicyInstrument;
import io.supplyshock.schema.SupplyStage;
import io.supplyshock.testing.ReferenceData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** Subtypes are taken from the seed rows named by id, so the test follows what producers really write. */
class VocabularyTest {

    @ParameterizedTest(name = "{0} ({1}) -> {2} / {3}")
    @CsvSource({
            "e1,   export_license,           EXPORT_LICENCE,     IMPOSE",
            "e89,  export_control_pause,     EXPORT_CONTROL,     PAUSE",
            "e87,  export_control_expansion, EXPORT_CONTROL,     RAISE",
            "e143, tariff_lower,             TARIFF,             LOWER",
            "e144, tariff_exemption,         TARIFF,             EXEMPT",
            "e147, tariff_threat,            TARIFF,             THREATEN",
            "e49,  stockpile_program,        STOCKPILE_PURCHASE, IMPOSE",
            "e42,  price_floor,              PRICE_FLOOR,        IMPOSE",
            "e79,  price_cap,                PRICE_CAP,          IMPOSE",
            "e7,   equity_stake,             EQUITY_STAKE,       IMPOSE",
            "e5,   loan,                     LOAN_OR_GUARANTEE,  IMPOSE",
            "e56,  mou,                      TRADE_AGREEMENT,    IMPOSE",
    })
    void seedPolicySubtypeMapsToInstrumentAndAction(String id, String subtype, PolicyInstrument instrument, PolicyAction action) {
        PolicyEvent e = ReferenceData.policy(id);
        assertThat(e.getRawSubtype()).isEqualTo(subtype);

        Vocabulary.PolicyTerms terms = Vocabulary.policy(e.getRawSubtype(), e.getValue(), e.getPreviousValue());

        assertThat(terms.instrument()).isEqualTo(instrument);
        assertThat(terms.action()).isEqualTo(action);
    }

    @Test
    void tariffLowerFrom20To15IsALowering() {
        PolicyEvent e143 = ReferenceData.policy("e143");
        assertThat(e143.getValue()).isEqualTo(15.0);
        assertThat(e143.getPreviousValue()).isEqualTo(20.0);

        assertThat(Vocabulary.policy("tariff_lower", 15.0, 20.0))
                .isEqualTo(new Vocabulary.PolicyTerms(PolicyInstrument.TARIFF, PolicyAction.LOWER));
    }

    @Test
    void stepChangeWithoutActionWordTakesItsDirectionFromTheValues() {
        assertThat(Vocabulary.policy("tariff_adjustment", 15.0, 20.0).action()).isEqualTo(PolicyAction.LOWER);
        assertThat(Vocabulary.policy("tariff_adjustment", 25.0, 20.0).action()).isEqualTo(PolicyAction.RAISE);
        // no step and a word the lexicon does not know: unclassified, never assumed to be a new restriction
        assertThat(Vocabulary.policy("tariff_adjustment", 25.0, null).action()).isEqualTo(PolicyAction.OTHER);
        assertThat(Vocabulary.policy("tariff_adjustment", 25.0, 25.0).action()).isEqualTo(PolicyAction.OTHER);
    }

    @ParameterizedTest(name = "{0} ({1}/{2}) -> {3}")
    @CsvSource({
            "e16, flow,      etf_flow,              ETF_FLOW",
            "e17, inventory, inventory_level,       INVENTORY_LEVEL",
            "e19, inventory, inventory_vs_baseline, INVENTORY_VS_BASELINE",
            "e18, flow, inventory_outflow_rate, INVENTORY_FLOW_RATE",
            "e155, other, unit_cost, OTHER",
            "e15, price,     price_move,            PRICE_MOVE",
            "e33, flow,      central_bank_purchase, CENTRAL_BANK_PURCHASE",
    })
    void seedMarketSubtypeMapsToMetric(String id, String kind, String subtype, MarketMetric metric) {
        MarketEvent e = ReferenceData.market(id);
        assertThat(e.getSourceKind()).isEqualTo(kind);
        assertThat(e.getRawSubtype()).isEqualTo(subtype);

        assertThat(Vocabulary.metric(kind, subtype)).isEqualTo(metric);
    }

    @Test
    void leadTimeIsAMetricAndADisruptionKind() {
        DisruptionEvent e50 = ReferenceData.disruption("e50");
        assertThat(e50.getRawSubtype()).isEqualTo("lead_time");

        assertThat(Vocabulary.disruption("lead_time")).isEqualTo(DisruptionKind.LEAD_TIME);
        assertThat(Vocabulary.metric("other", "lead_time")).isEqualTo(MarketMetric.LEAD_TIME);
    }

    @ParameterizedTest(name = "{0} ({1}) -> {2}")
    @CsvSource({
            "e46,  mine_share,          MINE",
            "e47,  processing_share,    PROCESSING",
            "e70,  refining_dominance,  PROCESSING",
            "e48,  import_source_share, IMPORTS",
            "e125, market_share,        MARKET",
    })
    void seedShareSubtypeMapsToStage(String id, String subtype, SupplyStage stage) {
        MarketEvent e = ReferenceData.market(id);
        assertThat(e.getRawSubtype()).isEqualTo(subtype);

        assertThat(Vocabulary.stage(subtype)).isEqualTo(stage);
        assertThat(Vocabulary.metric("supply_share", subtype)).isEqualTo(MarketMetric.SUPPLY_SHARE);
    }

    @ParameterizedTest(name = "{0} ({1}) -> {2}")
    @CsvSource({
            "e163, earthquake,              NATURAL_DISASTER",
            "e161, shortage,                SHORTAGE",
            "e86,  shortage_production_cut, SHORTAGE",
    })
    void seedDisruptionSubtypeMapsToKind(String id, String subtype, DisruptionKind kind) {
        DisruptionEvent e = ReferenceData.disruption(id);
        assertThat(e.getRawSubtype()).isEqualTo(subtype);

        assertThat(Vocabulary.disruption(subtype)).isEqualTo(kind);
    }

    @Test
    void anExportSuspensionReportedAsADisruptionTakesSupplyOffTheMarketRatherThanDelayingIt() {
        assertThat(Vocabulary.disruption("export_suspension")).isEqualTo(DisruptionKind.PRODUCER_BAN);
        assertThat(Vocabulary.disruption("coal export halt")).isEqualTo(DisruptionKind.PRODUCER_BAN);
        assertThat(Vocabulary.disruption("canal_blockage")).isEqualTo(DisruptionKind.LOGISTICS);
        assertThat(Vocabulary.disruption("tanker_seizure")).isEqualTo(DisruptionKind.LOGISTICS);
    }

    @Test
    void aDisruptionReportOfSupplyComingBackIsARecoveryButASuspensionIsTheDisruptionItself() {
        assertThat(Vocabulary.isRecovery("canal_reopened")).isTrue();
        assertThat(Vocabulary.isRecovery("exports resumed")).isTrue();
        assertThat(Vocabulary.isRecovery("plant_restarted")).isTrue();
        assertThat(Vocabulary.isRecovery("shipping_suspension")).isFalse();
        assertThat(Vocabulary.isRecovery("canal_blockage")).isFalse();
        assertThat(Vocabulary.isRecovery("mine_closure")).isFalse();
    }

    @Test
    void brandNewSubtypeMapsToOtherWithoutFailing() {
        String unseen = "quantum_sourcing_review";

        assertThatCode(() -> Vocabulary.policy(unseen, null, null)).doesNotThrowAnyException();
        assertThat(Vocabulary.policy(unseen, null, null).instrument()).isEqualTo(PolicyInstrument.OTHER);
        assertThat(Vocabulary.metric("other", unseen)).isEqualTo(MarketMetric.OTHER);
        assertThat(Vocabulary.stage(unseen)).isEqualTo(SupplyStage.OTHER);
        assertThat(Vocabulary.disruption(unseen)).isEqualTo(DisruptionKind.OTHER);
    }

    @Test
    void nullSubtypeMapsToOtherWithoutFailing() {
        assertThat(Vocabulary.policy(null, null, null).instrument()).isEqualTo(PolicyInstrument.OTHER);
        assertThat(Vocabulary.disruption(null)).isEqualTo(DisruptionKind.OTHER);
    }

    @Test
    void newSubtypeBuiltFromKnownWordsLandsOnTheRightInstrument() {
        assertThat(Vocabulary.policy("export_ban_extension", null, null).instrument()).isEqualTo(PolicyInstrument.EXPORT_BAN);
        assertThat(Vocabulary.policy("Export Licence Suspension", null, null))
                .isEqualTo(new Vocabulary.PolicyTerms(PolicyInstrument.EXPORT_LICENCE, PolicyAction.PAUSE));
    }

    @Test
    void suspendedExportsAreABanWhileASuspendedMeasureIsARelief() {
        assertThat(Vocabulary.policy("export_suspension", null, null))
                .isEqualTo(new Vocabulary.PolicyTerms(PolicyInstrument.EXPORT_BAN, PolicyAction.IMPOSE));
        assertThat(Vocabulary.policy("export_halt", null, null).instrument()).isEqualTo(PolicyInstrument.EXPORT_BAN);
        assertThat(Vocabulary.policy("export_control_suspension", null, null))
                .isEqualTo(new Vocabulary.PolicyTerms(PolicyInstrument.EXPORT_CONTROL, PolicyAction.PAUSE));
        assertThat(Vocabulary.policy("export_ban_suspension", null, null).action()).isEqualTo(PolicyAction.PAUSE);
    }

    @Test
    void normaliseTurnsDisplayNamesIntoIdentifiers() {
        assertThat(Vocabulary.normalise(" Rare Earths ")).isEqualTo("rare_earths");
        assertThat(Vocabulary.normalise("server-DRAM")).isEqualTo("server_dram");
        assertThat(Vocabulary.normalise(null)).isEmpty();
    }
}
