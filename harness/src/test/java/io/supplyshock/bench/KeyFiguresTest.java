package io.supplyshock.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyFiguresTest {

    @TempDir
    Path dir;

    @Test
    void aResultsFileReadsBackTheFiguresItWasWrittenWithAndIgnoresTheRestOfTheFile() {
        KeyFigures figures = new KeyFigures();
        figures.put("pipeline / baseline 2", 0.3847);
        figures.put("p99 at 1000 events/s, ms", 342);
        figures.put("records written per input event", 3.2026);
        String file = "| figure | value |\n|---|---|\n| baseline 2: Avro decode + encode copy | 8592 records/s (2.3 s) |\n" + figures.markdown();

        assertThat(KeyFigures.read(file)).containsExactly(
                java.util.Map.entry("pipeline / baseline 2", 0.385),
                java.util.Map.entry("p99 at 1000 events/s, ms", 342.0),
                java.util.Map.entry("records written per input event", 3.20));
        assertThat(KeyFigures.read("| figure | value |\n|---|---|\n| pipeline vs baseline 2 | 0.38 |\n")).isEmpty();
    }

    @Test
    void theMedianIsTheMiddleRunOrTheMeanOfTheMiddleTwo() {
        assertThat(KeyFigures.median(List.of(0.38, 0.49, 0.41))).isEqualTo(0.41);
        assertThat(KeyFigures.median(List.of(263.0, 191.0, 461.0, 244.0))).isEqualTo(253.5);
        assertThatThrownBy(() -> KeyFigures.median(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSummaryListsEveryRunInOrderWithTheMedianAndMarksAFigureARunLacks() throws IOException {
        Path first = run("first.md", 0.38, 342, null);
        Path second = run("second.md", 0.44, 1136, 8.7);
        Path third = run("third.md", 0.41, 281, 6.4);

        String summary = KeyFigures.summary(List.of(first, second, third));

        assertThat(summary).startsWith("Medians of 3 runs: first.md, second.md, third.md");
        assertThat(summary).contains("| pipeline / baseline 2 | 0.380 · 0.440 · 0.410 | **0.410** |");
        assertThat(summary).contains("| p99 at 1000 events/s, ms | 342 · 1136 · 281 | **342** |");
        assertThat(summary).contains("| 100000 profiles on one commodity loaded, s | - · 8.70 · 6.40 | **7.55** |");
    }

    @Test
    void aRunWhoseMeasuredPhaseLostMoreThanFivePercentToOtherGuestsIsNamedUnderTheTable() throws IOException {
        Path quiet = withSteal("quiet.md", 2.0, 4.9);
        Path busy = withSteal("busy.md", 3.0, 31.0);

        String summary = KeyFigures.summary(List.of(quiet, busy));

        assertThat(summary).contains("| CPU steal in the pipeline phase, % | 4.90 · 31 | **18.0** |");
        assertThat(summary).contains("more than 5% of the machine's CPU in a measured phase of busy.md (31%)").doesNotContain("quiet.md (");
        assertThat(KeyFigures.summary(List.of(quiet))).doesNotContain("Other guests");
    }

    @Test
    void aFileWithoutKeyFiguresOrWithAWordForANumberIsRefusedWithItsName() throws IOException {
        Path old = Files.writeString(dir.resolve("old.md"), "| figure | value |\n|---|---|\n| pipeline vs baseline 2 | 0.38 |\n");
        assertThatThrownBy(() -> KeyFigures.summary(List.of(old))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("old.md has no '## Key figures' section");
        Path garbled = Files.writeString(dir.resolve("garbled.md"), "\n## Key figures\n\n| figure | value |\n|---|---|\n| p99, ms | fast |\n");
        assertThatThrownBy(() -> KeyFigures.summary(List.of(garbled))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key figure 'p99, ms' is not a number: 'fast'");
    }

    private Path withSteal(String name, double baselineSteal, double pipelineSteal) throws IOException {
        KeyFigures figures = new KeyFigures();
        figures.put("pipeline / baseline 2", 0.4);
        figures.put(KeyFigures.STEAL_PREFIX + "baseline 2, %", baselineSteal);
        figures.put(KeyFigures.STEAL_PREFIX + "the pipeline phase, %", pipelineSteal);
        return Files.writeString(dir.resolve(name), "| figure | value |\n|---|---|\n" + figures.markdown());
    }

    private Path run(String name, double ratio, double p99, Double profilesSeconds) throws IOException {
        KeyFigures figures = new KeyFigures();
        figures.put("pipeline / baseline 2", ratio);
        figures.put("p99 at 1000 events/s, ms", p99);
        if (profilesSeconds != null) figures.put("100000 profiles on one commodity loaded, s", profilesSeconds);
        return Files.writeString(dir.resolve(name), "| figure | value |\n|---|---|\n" + figures.markdown());
    }
}
