package io.supplyshock.topics;

import io.supplyshock.schema.AlertType;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Pins the key strings: they key the ledger and storyline stores of running deployments and are published in every
 * alert, so a change here must be a deliberate migration. The expected strings are keys the seed replay produces.
 */
class SituationKeyTest {

    @Test
    void aStorylineIsTheProducersGroupElseTheIssuerAndCommodity() {
        assertThat(SituationKey.storyline("DRC_COBALT", "CD", "cobalt")).isEqualTo("group:DRC_COBALT");
        assertThat(SituationKey.storyline(null, "CN", "graphite")).isEqualTo("story:CN|graphite");
        assertThat(SituationKey.storyline(" ", null, "oil")).isEqualTo("story:-|oil");
    }

    @Test
    void shockKeysKeepTheirFormat() {
        SituationKey.OfShock notice = new SituationKey.OfShock("group:CN_REE_EXPORT_CTRL_2025-10-09", "CN", "EXPORT", "rare_earths",
                SituationKey.OfShock.targetsOf(List.of()), LocalDate.parse("2025-10-09"));
        SituationKey.OfShock unnamed = new SituationKey.OfShock("story:-|oil", null, "OUTAGE", "oil",
                SituationKey.OfShock.targetsOf(List.of("US", "CN", "EU")), null);

        assertPinned(notice, "group:CN_REE_EXPORT_CTRL_2025-10-09/CN|EXPORT|rare_earths|*|2025-10-09");
        assertPinned(unnamed, "story:-|oil/-|OUTAGE|oil|CN,EU,US|-");
    }

    @Test
    void aStorylineMayHoldTheSeparatorsOfTheRestOfTheKey() {
        SituationKey.OfShock odd = new SituationKey.OfShock("group:A/B|C#1", "US", "IMPORT", "copper", "*", LocalDate.parse("2025-07-01"));

        assertPinned(odd, "group:A/B|C#1/US|IMPORT|copper|*|2025-07-01");
    }

    @Test
    void signalKeysKeepTheirFormat() {
        SituationKey.OfSignal spike = SituationKey.OfSignal.of(AlertType.PRICE_SPIKE, "hafnium", "-", LocalDate.parse("2025-01-15"));
        SituationKey.OfSignal squeeze = SituationKey.OfSignal.of(AlertType.STOCKPILE_SQUEEZE, "indium", "e170");

        assertPinned(spike, "signal:PRICE_SPIKE|hafnium|-|2025-01-15");
        assertPinned(squeeze, "signal:STOCKPILE_SQUEEZE|indium|e170");
    }

    @Test
    void deadlineKeysKeepTheirFormat() {
        SituationKey.OfDeadline grouped = SituationKey.OfDeadline.of("US_CN_TRUCE_2025-10-30", "e89", "LAPSES", LocalDate.parse("2026-11-01"), 0);
        SituationKey.OfDeadline ungrouped = SituationKey.OfDeadline.of(null, "e|7", "TAKES_EFFECT", LocalDate.parse("2026-03-01"), 30);

        assertPinned(grouped, "deadline:group:US_CN_TRUCE_2025-10-30|LAPSES|2026-11-01|0");
        assertPinned(ungrouped, "deadline:e|7|TAKES_EFFECT|2026-03-01|30"); // an event id may hold the separator
    }

    @Test
    void theKindOfAKeyIsItsPrefix() {
        assertThat(SituationKey.kindOf("signal:INVENTORY_DRAWDOWN|silver|COMEX|2026-01-01")).isEqualTo(SituationKey.Kind.SIGNAL);
        assertThat(SituationKey.kindOf("deadline:e1|TAKES_EFFECT|2025-12-01|7")).isEqualTo(SituationKey.Kind.DEADLINE);
        assertThat(SituationKey.kindOf("group:DRC_COBALT/CD|EXPORT|cobalt|*|2025-02-01")).isEqualTo(SituationKey.Kind.SHOCK);
    }

    @Test
    void anAlertIdIsItsSituationAndSequence() {
        SituationKey.AlertId second = new SituationKey.AlertId("group:DRC_COBALT/CD|EXPORT|cobalt|*|2025-02-01", 2);

        assertThat(second.value()).isEqualTo("group:DRC_COBALT/CD|EXPORT|cobalt|*|2025-02-01#2");
        assertThat(SituationKey.AlertId.parse(second.value())).isEqualTo(second);
        assertThat(SituationKey.AlertId.parse("group:A#B/-|EXPORT|m|*|-#12")).isEqualTo(new SituationKey.AlertId("group:A#B/-|EXPORT|m|*|-", 12));
    }

    @Test
    void aSliceIsTheStorylineAndTheCommodityReadFromTheLastBar() {
        SituationKey.Slice drc = new SituationKey.Slice("group:DRC_COBALT", "cobalt");
        SituationKey.Slice inferred = new SituationKey.Slice("story:CN|graphite", "graphite");
        SituationKey.Slice odd = new SituationKey.Slice("group:A/B|C#1", "copper");

        assertThat(drc.value()).isEqualTo("group:DRC_COBALT|cobalt");
        assertThat(inferred.value()).isEqualTo("story:CN|graphite|graphite");
        assertThat(List.of(drc, inferred, odd)).allSatisfy(slice -> assertThat(SituationKey.Slice.parse(slice.value())).isEqualTo(slice));
        assertThatThrownBy(() -> SituationKey.Slice.parse("group:X")).hasMessageContaining("{storyline}|{commodity}");
    }

    @Test
    void aKeyOfAnotherFormIsRefusedWithTheFormItLacks() {
        assertThatThrownBy(() -> SituationKey.parse("group:X")).hasMessageContaining("{storyline}/{issuer}");
        assertThatThrownBy(() -> SituationKey.parse("deadline:e1|LAPSES")).hasMessageContaining("{milestone}|{deadline}");
        assertThatThrownBy(() -> SituationKey.AlertId.parse("no-sequence")).hasMessageContaining("#{sequence}");
    }

    /** The key's string is the pinned one, and parsing it gives the key back. */
    private static void assertPinned(SituationKey key, String expected) {
        assertThat(key.value()).isEqualTo(expected);
        assertThat(SituationKey.parse(expected)).isEqualTo(key);
    }
}
