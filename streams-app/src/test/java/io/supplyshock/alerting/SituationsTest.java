package io.supplyshock.alerting;

import io.supplyshock.schema.DisruptionKind;
import io.supplyshock.schema.PolicyAction;
import io.supplyshock.schema.PolicyInstrument;
import io.supplyshock.schema.Severity;
import io.supplyshock.schema.ShockDirection;
import io.supplyshock.schema.internal.SituationRef;
import io.supplyshock.schema.internal.StorylineSlice;
import io.supplyshock.topics.Shock;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class SituationsTest {

    private static final String STORY = "group:RESOURCE_NATIONALISM";

    @Test
    void familiesGroupTheInstrumentsNewsUsesForOneMeasure() {
        assertThat(familyOf(PolicyInstrument.EXPORT_BAN)).isEqualTo(familyOf(PolicyInstrument.EXPORT_QUOTA)).isEqualTo("EXPORT");
        assertThat(familyOf(PolicyInstrument.TARIFF)).isEqualTo("IMPORT");
        assertThat(familyOf(PolicyInstrument.INVESTMENT)).isEqualTo(familyOf(PolicyInstrument.LOAN_OR_GUARANTEE)).isEqualTo("FINANCE");
        assertThat(familyOf(PolicyInstrument.LICENCE_REVOCATION)).isEqualTo("LICENCE_REVOCATION");
        assertThat(Situations.family(new Shock.Instrument.Disruption(DisruptionKind.STRIKE))).isEqualTo("STRIKE");
    }

    @Test
    void aGroupNeverMergesDifferentIssuersCommoditiesOrDates() {
        StorylineSlice story = recorded(shock("a", "MW", "EXPORT_BAN", "raw_minerals", "2025-10-01"));

        assertThat(Situations.match(story, shock("b", "GA", "EXPORT_BAN", "raw_minerals", "2025-10-01"))).isEmpty();
        assertThat(Situations.match(story, shock("c", "MW", "EXPORT_BAN", "manganese", "2025-10-01"))).isEmpty();
        assertThat(Situations.match(story, shock("d", "MW", "EXPORT_BAN", "raw_minerals", "2026-03-01"))).isEmpty();
        assertThat(Situations.match(story, shock("e", "MW", "TARIFF", "raw_minerals", "2025-10-01"))).isEmpty();
    }

    @Test
    void aReportOfTheSameMeasureWithinTheToleranceIsTheSameSituation() {
        StorylineSlice story = recorded(shock("a", "MW", "EXPORT_BAN", "raw_minerals", "2025-10-01"));

        assertThat(Situations.match(story, shock("b", "MW", "EXPORT_QUOTA", "raw_minerals", "2025-10-31"))).isPresent();
        assertThat(Situations.match(story, shock("c", "MW", "EXPORT_BAN", "raw_minerals", "2025-11-02"))).isEmpty(); // 32 days
        assertThat(Situations.match(story, shock("a", "MW", "EXPORT_BAN", "raw_minerals", "2027-01-01")))
                .as("a report the situation holds, whatever its date").isPresent();
    }

    @Test
    void aReliefFindsTheSituationOfTheMeasureItEnds() {
        StorylineSlice story = recorded(shock("e1", "CN", "EXPORT_LICENCE", "rare_earths", "2025-10-09"));
        Shock pause = shock("e89", "CN", "EXPORT_CONTROL", "rare_earths", "2025-11-01").toBuilder()
                .direction(ShockDirection.DE_ESCALATION).endedEventIds(List.of("e1")).build();

        assertThat(Situations.match(story, pause).orElseThrow().getEventIds()).containsExactly("e1");
    }

    @Test
    void slicesAreBounded() {
        StorylineSlice story = null;
        for (int i = 0; i < Situations.MAX_SITUATIONS_PER_SLICE + 5; i++) {
            Shock s = shock("x" + i, "C" + i, "EXPORT_BAN", "m", "2025-01-01");
            story = Situations.record(story, STORY, Situations.open(s), s.eventId());
            story = Situations.alerted(story, "alert-" + i);
        }
        assertThat(story.getSituations()).hasSize(Situations.MAX_SITUATIONS_PER_SLICE);
        assertThat(story.getAlertIds()).hasSize(Situations.MAX_RELATED_ALERTS).last().isEqualTo("alert-104");
        assertThat(story.getAlertCount()).isEqualTo(105);

        SituationRef one = Situations.open(shock("y", "ZZ", "EXPORT_BAN", "m", "2025-01-01"));
        StorylineSlice many = null;
        for (int i : IntStream.range(0, Situations.MAX_EVENTS_PER_SITUATION + 10).toArray()) {
            many = Situations.record(many, STORY, many == null ? one : many.getSituations().getFirst(), "r" + i);
        }
        assertThat(many.getSituations().getFirst().getEventIds()).hasSize(Situations.MAX_EVENTS_PER_SITUATION).last().isEqualTo("r59");
    }

    private static StorylineSlice recorded(Shock s) {
        return Situations.record(null, STORY, Situations.open(s), s.eventId());
    }

    private static Shock shock(String id, String issuer, String instrument, String commodity, String anchor) {
        return Shock.builder().eventId(id).kind(Shock.Kind.POLICY).commodity(commodity).issuerCountry(issuer)
                .instrument(new Shock.Instrument.Policy(PolicyInstrument.valueOf(instrument))).action(PolicyAction.IMPOSE)
                .direction(ShockDirection.ESCALATION).score(50).severity(Severity.MEDIUM).dedupKey(STORY).storyline(STORY)
                .anchorDate(LocalDate.parse(anchor)).eventTime(Instant.parse(anchor + "T00:00:00Z"))
                .explanation(io.supplyshock.schema.Explanation.newBuilder().setSummary(id).setInputs(List.of()).setSourceEventIds(List.of(id)).build())
                .build();
    }

    private static String familyOf(PolicyInstrument instrument) {
        return Situations.family(new Shock.Instrument.Policy(instrument));
    }
}
