package io.supplyshock.events;

import io.supplyshock.schema.DisruptionKind;
import io.supplyshock.schema.PolicyAction;
import io.supplyshock.schema.PolicyInstrument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class LexiconTest {

    private static final Set<PolicyAction> RELIEF = EnumSet.of(PolicyAction.PAUSE, PolicyAction.LIFT, PolicyAction.EXEMPT, PolicyAction.LOWER);
    private static final Set<PolicyAction> TIGHTENING = EnumSet.of(PolicyAction.IMPOSE, PolicyAction.RAISE, PolicyAction.THREATEN);

    private final Lexicon lexicon = Lexicon.shipped();

    @Test
    void wordsSplitOnSeparatorsAndCamelCaseAndKeepDigitsWithTheirWord() {
        assertThat(Lexicon.words("section_232")).containsExactly("section232");
        assertThat(Lexicon.words("Section-232 proclamation")).containsExactly("section232", "proclamation");
        assertThat(Lexicon.words("Section232Proclamation")).containsExactly("section232", "proclamation");
        assertThat(Lexicon.words("exportBan_lifted")).containsExactly("export", "ban", "lifted");
    }

    @Test
    void everyActionRowStatesTheDirectionOfItsAction() {
        for (Lexicon.Entry e : lexicon.entries()) {
            if (e.role() != Lexicon.Role.ACTION) continue;
            PolicyAction action = PolicyAction.valueOf(e.value());
            String expected = RELIEF.contains(action) ? "relief" : TIGHTENING.contains(action) ? "tightening" : "none";
            assertThat(e.direction()).as(String.join(" ", e.words())).isEqualTo(expected);
        }
    }

    /** Every relief word of the lexicon, before and after the first-listed wording of every instrument, reads as a relief. */
    @Test
    void everyReliefWordRelievesEveryInstrumentFamily() {
        Map<String, String> families = new LinkedHashMap<>();
        List<String> reliefs = new ArrayList<>();
        for (Lexicon.Entry e : lexicon.entries()) {
            String phrase = String.join("_", e.words());
            if (e.role() == Lexicon.Role.INSTRUMENT) families.putIfAbsent(e.value(), phrase);
            if (e.role() == Lexicon.Role.ACTION && "relief".equals(e.direction())) reliefs.add(phrase);
        }
        assertThat(families).hasSize(PolicyInstrument.values().length - 1); // every family but OTHER has wording
        assertThat(reliefs).hasSizeGreaterThan(40);
        List<String> wrong = new ArrayList<>();
        for (String family : families.values()) {
            for (String relief : reliefs) {
                for (String subtype : List.of(family + "_" + relief, relief + "_" + family)) {
                    PolicyAction action = Vocabulary.policy(lexicon, subtype, null, null).action();
                    if (!RELIEF.contains(action)) wrong.add(subtype + " -> " + action);
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    /** The misreadings of the substring matcher (issue 18). */
    @ParameterizedTest(name = "{0} -> {1} / {2}")
    @CsvSource({
            "licence_approval,          EXPORT_LICENCE,     EXEMPT",
            "export_licence_approved,   EXPORT_LICENCE,     EXEMPT",
            "production_cut,            EXPORT_QUOTA,       IMPOSE",
            "output_cut,                EXPORT_QUOTA,       IMPOSE",
            "output_rise,               EXPORT_QUOTA,       LOWER",
            "export_ban_removed,        EXPORT_BAN,         LIFT",
            "ban_scrapped,              EXPORT_BAN,         LIFT",
            "tariff_removed,            TARIFF,             LIFT",
            "stockpile_release,         STOCKPILE_PURCHASE, LOWER",
            "stockpile_sale,            STOCKPILE_PURCHASE, LOWER",
            "reserve_release,           STOCKPILE_PURCHASE, LOWER",
            "stockpile_purchase,        STOCKPILE_PURCHASE, IMPOSE",
            "section_232,               TARIFF,             IMPOSE",
            "section232_proclamation,   TARIFF,             IMPOSE",
            "Section-232 tariff,        TARIFF,             IMPOSE",
            "entity_list_addition,      EXPORT_CONTROL,     IMPOSE",
            "export_suspension,         EXPORT_BAN,         IMPOSE",
            "export_control_suspension, EXPORT_CONTROL,     PAUSE",
            "waiver_ended,              OTHER,              IMPOSE",
            "output_cut_extension,      EXPORT_QUOTA,       OTHER",
    })
    void misreadingsOfTheSubstringMatcherAreRead(String subtype, PolicyInstrument instrument, PolicyAction action) {
        assertThat(Vocabulary.policy(lexicon, subtype, null, null)).isEqualTo(new Vocabulary.PolicyTerms(instrument, action, true));
    }

    @Test
    void aDroneStrikeIsNotALabourStrike() {
        assertThat(Vocabulary.disruption("drone_strike")).isNotEqualTo(DisruptionKind.STRIKE);
        assertThat(Vocabulary.disruption("miners_strike")).isEqualTo(DisruptionKind.STRIKE);
    }

    @Test
    void unknownWordingIsUnclassifiedNotANewRestriction() {
        Vocabulary.PolicyTerms terms = Vocabulary.policy(lexicon, "export_inspection_regime", null, null);
        assertThat(terms.action()).isEqualTo(PolicyAction.OTHER);
        assertThat(terms.known()).isFalse();
        assertThat(terms.instrument()).isEqualTo(PolicyInstrument.EXPORT_CONTROL);
        assertThat(Vocabulary.policy(lexicon, "production_decision", 30000.0, 30000.0).action()).isEqualTo(PolicyAction.OTHER);
        assertThat(Vocabulary.policy(lexicon, "", null, null).known()).isFalse();
    }

    @Test
    void aUsersRowsAreLaidOverTheShippedOnes(@TempDir Path dir) throws IOException {
        Path user = Files.writeString(dir.resolve("mine.csv"), """
                # our producer's words
                word_or_phrase,role,value,direction,note
                inspection regime,action,IMPOSE,tightening,our extractor's word for a licensing regime
                release,action,IMPOSE,tightening,overrides the shipped row
                """);
        Lexicon laid = Lexicon.withOverlay(user);
        assertThat(Vocabulary.policy(laid, "export_inspection_regime", null, null))
                .isEqualTo(new Vocabulary.PolicyTerms(PolicyInstrument.EXPORT_CONTROL, PolicyAction.IMPOSE, true));
        assertThat(Vocabulary.policy(laid, "stockpile_release", null, null).action()).isEqualTo(PolicyAction.IMPOSE);
        assertThat(Vocabulary.policy(laid, "export_ban_lifted", null, null).action()).isEqualTo(PolicyAction.LIFT);
    }
}
