package io.supplyshock.scoring;

import io.supplyshock.state.Fact;
import io.supplyshock.schema.DisruptionKind;
import io.supplyshock.schema.ExplanationInput;
import io.supplyshock.schema.PolicyAction;
import io.supplyshock.schema.PolicyEvent;
import io.supplyshock.schema.Severity;
import io.supplyshock.schema.ShockDirection;
import io.supplyshock.schema.SupplyStage;
import io.supplyshock.schema.internal.ScoredShock;
import io.supplyshock.state.FactInContext;
import io.supplyshock.testing.InContext;
import io.supplyshock.testing.StageDriver;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.supplyshock.schema.PolicyInstrument.EXPORT_LICENCE;
import static io.supplyshock.testing.Events.at;
import static io.supplyshock.testing.Events.day;
import static io.supplyshock.testing.Events.disruption;
import static io.supplyshock.testing.Events.policy;
import static io.supplyshock.testing.Events.share;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/** The scoring stage alone: facts in their commodity's context in, scored shocks keyed by commodity out. */
class ShockScoringStageTest {

    private static final String GROUP = "CN_REE_EXPORT_CTRL";
    private final InContext context = new InContext();
    @AutoClose
    private StageDriver stage;
    private TestInputTopic<String, FactInContext> facts;
    private TestOutputTopic<String, ScoredShock> shocks;

    private void start(double concentrationCapPct) {
        stage = new StageDriver();
        var in = stage.stream("facts-in-context", stage.<FactInContext>inProcess());
        stage.capture(ShockScoringTopology.build(stage.builder, stage.topics, in, concentrationCapPct), "scored-shocks",
                stage.topics.shockSerde());
        facts = stage.input("facts-in-context", stage.inProcess());
        shocks = stage.output("scored-shocks", stage.scoredShocks);
    }

    @Test
    void anExportLicenceIsScoredOnItsIssuersShareAndTheConcentrationIsExplainedWithoutRaisingTheBand() {
        start(65.0);
        pipe(new Fact.Market(share("cn-processing", "rare_earths", "CN", SupplyStage.PROCESSING, 92.0, 2023)));
        pipe(new Fact.Policy(licence()));

        List<KeyValue<String, ScoredShock>> out = shocks.readKeyValuesToList();

        assertThat(out).hasSize(1);
        assertThat(out.getFirst().key).isEqualTo("rare_earths");
        ScoredShock licence = out.getFirst().value;
        assertThat(licence.getEventId()).isEqualTo("licence");
        assertThat(licence.getEventKind()).isEqualTo("POLICY");
        // 0.85 (licence) x 1 (imposed) x 0.973 (0.35 + 0.65 x sqrt(0.92)) x 1 (every destination) x 0.95 (53 days to effect) = 0.786
        assertThat(licence.getScore()).isEqualTo(79);
        assertThat(licence.getSeverity()).isEqualTo(Severity.HIGH);
        assertThat(licence.getStoryline()).isEqualTo("group:" + GROUP);
        assertThat(input(licence, "supply_at_risk").getValue()).isEqualTo("CN 92% PROCESSING (production share)");
        assertThat(input(licence, "supply_at_risk").getFactor()).isEqualTo(0.973);
        assertThat(input(licence, "concentration").getValue()).isEqualTo("CN 92% PROCESSING > 65% cap");
        assertThat(input(licence, "concentration").getFactor()).isEqualTo(1.0);
    }

    @Test
    void withTheCapAboveTheIssuersShareTheSameLicenceKeepsTheBandOfItsScore() {
        start(100.0);
        pipe(new Fact.Market(share("cn-processing", "rare_earths", "CN", SupplyStage.PROCESSING, 92.0, 2023)));
        pipe(new Fact.Policy(licence()));

        List<ScoredShock> out = shocks.readValuesToList();
        // the same 0.85 x 1 x 0.973 x 1 x 0.95 = 0.786 -> 79 HIGH as under a 65% cap: only the concentration fact goes
        assertThat(out).extracting(ScoredShock::getScore, ScoredShock::getSeverity)
                .containsExactly(tuple(79, Severity.HIGH));
        assertThat(out.getFirst().getExplanation().getInputs()).extracting(ExplanationInput::getName).doesNotContain("concentration");
    }

    @Test
    void aPauseIsScoredAsTheReliefOfTheMeasuresItEnds() {
        start(65.0);
        pipe(new Fact.Market(share("cn-processing", "rare_earths", "CN", SupplyStage.PROCESSING, 92.0, 2023)));
        pipe(new Fact.Policy(licence()));
        PolicyEvent pause = policy("pause", "rare_earths", "CN", EXPORT_LICENCE, PolicyAction.PAUSE, "2025-11-01", "TRUCE")
                .setExpiryDate(day("2026-11-01")).build();
        pipe(new Fact.Policy(pause));

        ScoredShock relief = shocks.readValuesToList().getLast();

        assertThat(relief.getEventId()).isEqualTo("pause");
        assertThat(relief.getDirection()).isEqualTo(ShockDirection.DE_ESCALATION);
        assertThat(relief.getEndedEventIds()).containsExactly("licence");
        // A relief joins the storyline of the measures it ends, not its own group.
        assertThat(relief.getStoryline()).isEqualTo("group:" + GROUP);
    }

    @Test
    void aShareLearnedAfterADisruptionReScoresTheDisruptionItInforms() {
        start(65.0);
        var accident = disruption("accident", "cobalt", DisruptionKind.ACCIDENT, null, "2025-06-01").setCountry("CD").build();
        pipe(new Fact.Disruption(accident));
        ScoredShock unknownShare = shocks.readValuesToList().getFirst();

        pipe(new Fact.Market(share("cd-mining", "cobalt", "CD", SupplyStage.MINE, 70.0, 2024)));

        List<ScoredShock> reassessed = shocks.readValuesToList();
        assertThat(unknownShare.getExplanation().getSummary()).contains("no supply share known for CD");
        assertThat(reassessed).extracting(ScoredShock::getEventId, ScoredShock::getReassessedBy)
                .containsExactly(tuple("accident", "cd-mining"));
        assertThat(reassessed.getFirst().getScore()).isGreaterThan(unknownShare.getScore());
        assertThat(reassessed.getFirst().getDedupKey()).isEqualTo(unknownShare.getDedupKey());
    }

    @Test
    void aMarketFactThatInformsNoScoreGivesNoShock() {
        start(65.0);
        pipe(new Fact.Market(share("cn-processing", "rare_earths", "CN", SupplyStage.PROCESSING, 92.0, 2023)));

        assertThat(shocks.readValuesToList()).isEmpty();
    }

    /** China's licence on rare-earth exports, announced 2025-10-09, in force from 2025-12-01. */
    private static PolicyEvent licence() {
        return policy("licence", "rare_earths", "CN", EXPORT_LICENCE, PolicyAction.IMPOSE, "2025-10-09", GROUP)
                .setEffectiveDate(day("2025-12-01")).build();
    }

    private void pipe(Fact fact) {
        facts.pipeInput(fact.commodity(), context.next(fact), fact.eventTime());
    }

    private static ExplanationInput input(ScoredShock shock, String name) {
        return shock.getExplanation().getInputs().stream().filter(i -> i.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no input " + name + " in " + shock.getExplanation().getInputs()));
    }
}
