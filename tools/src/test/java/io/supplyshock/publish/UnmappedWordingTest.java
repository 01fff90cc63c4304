package io.supplyshock.publish;

import io.supplyshock.events.Lexicon;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The publisher's side of the lexicon: the subtypes of a file it cannot read. */
class UnmappedWordingTest {

    private final Lexicon lexicon = Lexicon.shipped();

    @Test
    void unmappedSubtypesAreListedWithCounts(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("events.jsonl"), """
                {"id":"a","kind":"policy","subtype":"export_inspection"}
                {"id":"b","kind":"policy","subtype":"export_inspection"}
                {"id":"c","kind":"policy","subtype":"export_ban"}
                {"id":"d","kind":"policy","subtype":"production_decision","value":5,"previous_value":5}
                {"id":"e","kind":"price","subtype":"mystery_metric"}
                not json
                """);
        assertThat(UnmappedWording.in(file, lexicon)).containsExactly(Map.entry("export_inspection", 2), Map.entry("production_decision", 1));
    }

    @Test
    void theLexiconCommandListsUnmappedSubtypes(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("events.jsonl"), """
                {"id":"a","kind":"policy","subtype":"export_inspection"}
                {"id":"c","kind":"policy","subtype":"export_ban_lifted"}
                """);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int code = io.supplyshock.cli.Cli.run("lexicon", new String[]{"unmapped", file.toString()},
                io.supplyshock.config.AppConfig.of(Map.of()), new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8),
                new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(code).isZero();
        assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("1\texport_inspection" + System.lineSeparator());
        assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("1 unmapped subtype(s), 1 line(s)");
    }
}
