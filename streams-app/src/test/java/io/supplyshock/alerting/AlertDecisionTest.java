package io.supplyshock.alerting;

import io.supplyshock.state.CommodityStates;
import io.supplyshock.state.Fact;
import io.supplyshock.schema.Alert;
import io.supplyshock.schema.AlertType;
import io.supplyshock.schema.CommodityState;
import io.supplyshock.schema.Measure;
import io.supplyshock.schema.Severity;
import io.supplyshock.schema.internal.AlertLedgerEntry;
import io.supplyshock.scoring.ShockScorer;
import io.supplyshock.state.FactInContext;
import io.supplyshock.testing.ReferenceData;
import io.supplyshock.topics.Shock;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Scored shocks are built from real seed rows through the real state fold and scorer. */
class AlertDecisionTest {

    private static final Instant NOW = Instant.parse("2026-02-01T12:00:00Z");
    private static final String CN_REE = "group:CN_REE_EXPORT_CTRL_2025-10-09";
    /** The shipped single-country cap: CN's 92% is above it, which is now only an explanation fact (no band raise). */
    private static final double SHIPPED_CAP_PCT = 65.0;

    @Test
    void newSituationOpensShockNumberOne() {
        Shock e1 = e1();

        AlertDecision.Outcome outcome = AlertDecision.decide(null, e1, Severity.LOW, NOW);

        Alert alert = outcome.alert().orElseThrow();
        assertThat(alert.getAlertType()).isEqualTo(AlertType.SHOCK);
        assertThat(alert.getAlertId()).isEqualTo(CN_REE + "#1");
        assertThat(alert.getSeverity()).isEqualTo(Severity.HIGH);
        // 0.85 (licence) x 1.0 (impose) x 0.973 (CN 92% processing as stand-in: 0.35 + 0.65 x sqrt(0.92)) x 1.0 (all destinations)
        // x 0.95 (53 days) = 0.786 -> 79
        assertThat(alert.getScore()).isEqualTo(79);
        assertThat(alert.getPreviousSeverity()).isNull();
        assertThat(alert.getSupersedesAlertId()).isNull();
        assertThat(alert.getCountries()).containsExactly("CN");
        assertThat(alert.getDetectedAt()).isEqualTo(NOW);
        assertThat(outcome.ledger().getAlertCount()).isEqualTo(1);
        assertThat(outcome.ledger().getSuppressedCount()).isZero();
        assertThat(outcome.ledger().getEventIds()).containsExactly("e1");
        assertThat(outcome.ledger().getSeverity()).isEqualTo(Severity.HIGH);
    }

    @Test
    void repeatAtSameSeverityIsSuppressedAndCounted() {
        AlertLedgerEntry ledger = AlertDecision.decide(null, e1(), Severity.LOW, NOW).ledger();

        AlertDecision.Outcome repeat = AlertDecision.decide(ledger, e1(), Severity.LOW, NOW);

        assertThat(repeat.alert()).isEmpty();
        assertThat(repeat.ledger().getSuppressedCount()).isEqualTo(1);
        assertThat(repeat.ledger().getAlertCount()).isEqualTo(1);
        assertThat(repeat.ledger().getLastAlertId()).isEqualTo(CN_REE + "#1");
        assertThat(repeat.ledger().getEventIds()).as("a redelivered report is counted, not listed twice").containsExactly("e1");
    }

    @Test
    void reportAtLowerSeverityIsSuppressedAndCounted() {
        AlertLedgerEntry ledger = AlertDecision.decide(null, e1(), Severity.LOW, NOW).ledger();
        Shock e2 = e2();
        assertThat(e2.dedupKey()).isEqualTo(CN_REE);
        // no share of CN known for the technology: 0.85 x 1.0 x 0.556 (neutral prior, a 10% share: 0.35 + 0.65 x sqrt(0.1)) x 1.0
        // x 0.95 = 0.449 -> 45, MEDIUM: still below e1's HIGH
        assertThat(e2.score()).isEqualTo(45);
        assertThat(e2.severity()).isEqualTo(Severity.MEDIUM);

        AlertDecision.Outcome outcome = AlertDecision.decide(ledger, e2, Severity.LOW, NOW);

        assertThat(outcome.alert()).isEmpty();
        assertThat(outcome.ledger().getSuppressedCount()).isEqualTo(1);
        assertThat(outcome.ledger().getSeverity()).isEqualTo(Severity.HIGH);
        assertThat(outcome.ledger().getEventIds()).containsExactly("e1", "e2");
    }

    @Test
    void higherSeverityEscalatesAndSupersedesTheLastAlert() {
        AlertLedgerEntry afterE1 = AlertDecision.decide(null, e1(), Severity.LOW, NOW).ledger();
        AlertLedgerEntry afterE2 = AlertDecision.decide(afterE1, e2(), Severity.LOW, NOW).ledger();

        AlertDecision.Outcome outcome = AlertDecision.decide(afterE2, e87(), Severity.LOW, NOW);

        Alert alert = outcome.alert().orElseThrow();
        assertThat(alert.getAlertType()).isEqualTo(AlertType.ESCALATION);
        assertThat(alert.getAlertId()).isEqualTo(CN_REE + "#2");
        assertThat(alert.getSeverity()).isEqualTo(Severity.CRITICAL);
        assertThat(alert.getScore()).isEqualTo(83); // 0.85 (control) x 1.0 (raise) x 0.973 (CN 92%) x 1.0 x 1.0 (in effect) = 0.827
        assertThat(alert.getPreviousSeverity()).isEqualTo(Severity.HIGH);
        assertThat(alert.getSupersedesAlertId()).isEqualTo(CN_REE + "#1");
        assertThat(outcome.ledger().getSeverity()).isEqualTo(Severity.CRITICAL);
        assertThat(outcome.ledger().getAlertCount()).isEqualTo(2);
        assertThat(outcome.ledger().getSuppressedCount()).isEqualTo(1);
        assertThat(outcome.ledger().getEventIds()).containsExactly("e1", "e2", "e87");
    }

    @Test
    void reliefOfAMeasureNotYetAlertedOpensADeEscalationInThatMeasuresStoryline() {
        Shock e89 = e89();
        assertThat(e89.storyline()).as("a relief belongs to the storyline of what it ends").isEqualTo(CN_REE);

        Alert alert = AlertDecision.decide(null, e89, Severity.LOW, NOW).alert().orElseThrow();

        assertThat(alert.getAlertType()).isEqualTo(AlertType.DE_ESCALATION);
        assertThat(alert.getAlertId()).isEqualTo(CN_REE + "#1");
        assertThat(alert.getSeverity()).isEqualTo(Severity.MEDIUM);
        assertThat(alert.getAction()).isEqualTo("PAUSE");
        assertThat(alert.getEndedEventIds()).containsExactly("e1", "e87");
    }

    @Test
    void reliefOfAnAlertedSituationDeEscalatesItOnceAndKeepsItsWorstBand() {
        AlertLedgerEntry ledger = AlertDecision.decide(null, e1(), Severity.LOW, NOW).ledger();

        AlertDecision.Outcome relief = AlertDecision.decide(ledger, e89(), Severity.HIGH, NOW);
        Alert alert = relief.alert().orElseThrow();
        assertThat(alert.getAlertType()).isEqualTo(AlertType.DE_ESCALATION);
        assertThat(alert.getAlertId()).isEqualTo(CN_REE + "#2");
        assertThat(alert.getPreviousSeverity()).isEqualTo(Severity.HIGH);
        assertThat(alert.getSupersedesAlertId()).isEqualTo(CN_REE + "#1");
        assertThat(relief.ledger().getSeverity()).isEqualTo(Severity.HIGH);
        assertThat(relief.ledger().getRelieved()).isTrue();

        Shock restated = e89().toBuilder().eventId("e89-restated").build();
        assertThat(AlertDecision.decide(relief.ledger(), restated, Severity.LOW, NOW).alert()).as("a second report of the relief").isEmpty();
        assertThat(AlertDecision.decide(relief.ledger(), e1(), Severity.LOW, NOW).alert()).as("the measure republished").isEmpty();
    }

    @Test
    void aReliefThatEndsNothingInTheSituationIsNeitherADeEscalationNorARepeatOfIt() {
        AlertLedgerEntry ledger = AlertDecision.decide(null, e1(), Severity.LOW, NOW).ledger();
        // the same relief, as if it had found none of the situation's measures to end (a carve-out beside a threat)
        Shock endsNothing = e89().toBuilder().eventId("carve-out").endedEventIds(List.of()).build();

        AlertDecision.Outcome outcome = AlertDecision.decide(ledger, endsNothing, Severity.LOW, NOW);

        assertThat(outcome.alert()).isEmpty();
        assertThat(outcome.ledger()).isEqualTo(ledger);
        assertThat(outcome.ledger().getEventIds()).doesNotContain("carve-out");
        // the real pause, which ends e1 and e87, still de-escalates afterwards
        assertThat(AlertDecision.decide(outcome.ledger(), e89(), Severity.LOW, NOW).alert().orElseThrow().getAlertType())
                .isEqualTo(AlertType.DE_ESCALATION);
    }

    @Test
    void aReportTheSituationHoldsIsARepeatEvenWhenItScoresHigherNow() {
        AlertLedgerEntry ledger = AlertDecision.decide(null, e1(), Severity.LOW, NOW).ledger();
        Shock higher = e1().toBuilder().severity(Severity.CRITICAL).score(90).build();

        assertThat(AlertDecision.decide(ledger, higher, Severity.LOW, NOW).alert()).isEmpty();
        Shock reassessed = higher.toBuilder().reassessedBy("e125").build();
        assertThat(AlertDecision.decide(ledger, reassessed, Severity.LOW, NOW).alert().orElseThrow().getAlertType()).isEqualTo(AlertType.ESCALATION);
    }

    @Test
    void belowMinimumSeverityGivesNoAlertAndNoLedgerEntry() {
        assertThat(e2().severity()).isEqualTo(Severity.MEDIUM);

        AlertDecision.Outcome outcome = AlertDecision.decide(null, e2(), Severity.HIGH, NOW);

        assertThat(outcome.alert()).isEmpty();
        assertThat(outcome.ledger()).isNull();
    }

    @Test
    void concentrationAboveTheCapIsOnlyAFactAndTheBandFollowsTheScore() {
        Shock e1 = e1();

        assertThat(e1.explanation().getInputs()).filteredOn(i -> i.getName().equals("concentration")).singleElement()
                .satisfies(i -> {
                    assertThat(i.getValue()).isEqualTo("CN 92% PROCESSING > 65% cap");
                    assertThat(i.getFactor()).isEqualTo(1.0);
                });
        // 79 is HIGH (60..79): no raise to CRITICAL for CN's 92%, which already weighs in supply_at_risk
        assertThat(e1.score()).isEqualTo(79);
        assertThat(e1.severity()).isEqualTo(Severity.HIGH);
        assertThat(e1.explanation().getSummary()).doesNotContain("severity raised");
    }

    @Test
    void minimumSeverityIsInclusive() {
        assertThat(AlertDecision.decide(null, e1(), Severity.HIGH, NOW).alert()).isPresent();
        assertThat(AlertDecision.decide(null, e1(), Severity.CRITICAL, NOW).alert()).isEmpty();
    }

    @Test
    void aSignalOpensWithItsOwnTypeAndEscalatesAsEscalation() {
        Shock medium = e1().toBuilder().kind(Shock.Kind.MARKET_SIGNAL).instrument(new Shock.Instrument.Signal(AlertType.INVENTORY_DRAWDOWN))
                .action(null).alertType(AlertType.INVENTORY_DRAWDOWN).dedupKey("signal:x").storyline(null)
                .severity(Severity.MEDIUM).score(55).build();
        Shock high = medium.toBuilder().severity(Severity.HIGH).score(79).build();

        AlertDecision.Outcome first = AlertDecision.decide(null, medium, Severity.LOW, NOW);
        AlertDecision.Outcome second = AlertDecision.decide(first.ledger(), high, Severity.LOW, NOW);

        assertThat(first.alert().orElseThrow().getAlertType()).isEqualTo(AlertType.INVENTORY_DRAWDOWN);
        assertThat(second.alert().orElseThrow().getAlertType()).isEqualTo(AlertType.ESCALATION);
        assertThat(second.alert().orElseThrow().getPreviousSeverity()).isEqualTo(Severity.MEDIUM);
    }

    @Test
    void alertIdsAreDeterministic() {
        Alert first = AlertDecision.decide(null, e1(), Severity.LOW, NOW).alert().orElseThrow();
        Alert second = AlertDecision.decide(null, e1(), Severity.LOW, NOW.plusSeconds(3600)).alert().orElseThrow();

        assertThat(second.getAlertId()).isEqualTo(first.getAlertId());
        assertThat(Alert.newBuilder(second).setDetectedAt(NOW).build()).isEqualTo(first);
    }

    // --- shocks from the seed -------------------------------------------------------------

    @Test
    void aStorylinesSituationKeepsItsLedgerInTheSliceSoAReportWritesOneRecord() {
        java.util.Map<String, io.supplyshock.schema.internal.StorylineSlice> slices = new java.util.HashMap<>();
        java.util.Map<String, AlertLedgerEntry> ledgerStore = new java.util.HashMap<>();

        AlertStep.Step first = AlertStep.decide(ledgerStore::get, slices::get, e1(), Severity.LOW, NOW);
        assertThat(first.alert()).isPresent();
        assertThat(first.ledger()).as("nothing for the ledger store: the slice holds it").isNull();
        var situation = first.slice().getSituations().getFirst();
        assertThat(situation.getLedger().getLastAlertId()).isEqualTo(first.alert().get().getAlertId());
        assertThat(situation.getLedger().getSeverity()).isEqualTo(Severity.HIGH);
        slices.put(first.sliceKey(), first.slice());

        // The same report again is a repeat, decided on the ledger read back from the slice.
        AlertStep.Step again = AlertStep.decide(ledgerStore::get, slices::get, e1(), Severity.LOW, NOW);
        assertThat(again.alert()).isEmpty();
        assertThat(again.reason()).isEqualTo("report e1 already seen");
        assertThat(again.slice().getSituations().getFirst().getLedger().getSuppressedCount()).isEqualTo(1);
        assertThat(ledgerStore).isEmpty();
    }

    private static Shock e1() {
        return scored(fold("rare_earths", market("e47")), policy("e1"));
    }

    private static Shock e2() {
        return scored(CommodityStates.empty("rare_earth_magnet_technology"), policy("e2"));
    }

    private static Shock e87() {
        return scored(fold("rare_earths", market("e47"), policy("e1")), policy("e87"));
    }

    private static Shock e89() {
        return scored(fold("rare_earths", market("e47"), policy("e1"), policy("e87")), policy("e89"));
    }

    private static Shock scored(CommodityState atEventTime, Fact fact) {
        CommodityStates.Applied applied = CommodityStates.apply(atEventTime, fact);
        List<Measure> ended = atEventTime.getMeasures().stream()
                .filter(m -> applied.endedEventIds().contains(m.getEventId())).toList();
        // Concentration counts once, in the share: at the shipped cap the bands are the bare scores' bands.
        return ShockScorer.score(new FactInContext(fact, atEventTime, applied.state(), ended), SHIPPED_CAP_PCT).getFirst();
    }

    private static CommodityState fold(String commodity, Fact... facts) {
        CommodityState state = CommodityStates.empty(commodity);
        for (Fact f : facts) state = CommodityStates.apply(state, f).state();
        return state;
    }

    private static Fact policy(String id) {
        return new Fact.Policy(ReferenceData.policy(id));
    }

    private static Fact market(String id) {
        return new Fact.Market(ReferenceData.market(id));
    }
}
