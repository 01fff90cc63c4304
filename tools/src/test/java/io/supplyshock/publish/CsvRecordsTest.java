package io.supplyshock.publish;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvRecordsTest {

    @TempDir
    Path tmp;

    private static List<CsvRecords.Record> read(String text) throws IOException {
        return CsvRecords.read(new StringReader(text), "test.csv");
    }

    @Test
    void quotedFieldsMayHoldCommasQuotesAndNewlines() throws IOException {
        List<CsvRecords.Record> rows = read("a,b\n\"x, y\",\"say \"\"hi\"\"\"\n\"two\nlines\",z\n\nlast,\n");
        assertThat(rows).extracting(CsvRecords.Record::line).containsExactly(1, 2, 3, 5, 6);
        assertThat(rows.get(1).fields()).containsExactly("x, y", "say \"hi\"");
        assertThat(rows.get(2).fields()).containsExactly("two\nlines", "z");
        assertThat(rows.get(3).fields()).isEmpty();
        assertThat(rows.get(3).blank()).isTrue();
        assertThat(rows.get(4).fields()).containsExactly("last", "");
        assertThat(rows.get(4).blank()).isFalse();
    }

    @Test
    void writesWhatItReads() throws IOException {
        List<Object> values = Arrays.asList("plain", "a,b", "q\"uote", null, 0.6, "中國", " padded", "two\nlines");
        Path file = tmp.resolve("out/rows.csv");
        CsvRecords.write(file, List.of("a", "b", "c", "d", "e", "f", "g", "h"), List.of(values));
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(text).startsWith("a,b,c,d,e,f,g,h" + System.lineSeparator() + "plain,\"a,b\",\"q\"\"uote\",,0.6,中國, padded,\"two\nlines\"");
        List<CsvRecords.Record> back = CsvRecords.read(file);
        assertThat(back).hasSize(2);
        assertThat(back.get(1).fields()).containsExactly("plain", "a,b", "q\"uote", "", "0.6", "中國", " padded", "two\nlines");
    }

    @Test
    void writingLeavesTheTargetOpen() throws IOException {
        StringWriter out = new StringWriter();
        CsvRecords.write(out, List.of("line", "id"), List.of(List.of(3, "x")));
        out.write("more");
        assertThat(out.toString()).isEqualTo("line,id" + System.lineSeparator() + "3,x" + System.lineSeparator() + "more");
    }

    @Test
    void anUnclosedQuoteNamesTheSourceTheLineAndTheReason() {
        assertThatThrownBy(() -> read("a,b\nok,1\nx,\"b\nc\n"))
                .isInstanceOf(CsvRecords.MalformedCsvException.class)
                .hasMessageStartingWith("test.csv: line 3: malformed CSV: ")
                .hasMessageContaining("Missing closing quote")
                .satisfies(e -> assertThat(((CsvRecords.MalformedCsvException) e).line()).isEqualTo(3));
    }

    @Test
    void aByteOrderMarkIsIgnored() throws IOException {
        assertThat(read("\uFEFFentity_name,weight\n").get(0).fields()).containsExactly("entity_name", "weight");
    }
}
