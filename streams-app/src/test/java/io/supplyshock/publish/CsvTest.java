package io.supplyshock.publish;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvTest {

    private static List<Csv.Row> read(String text) throws IOException {
        return Csv.read(new BufferedReader(new StringReader(text)));
    }

    @Test
    void quotedFieldsMayHoldCommasQuotesAndNewlines() throws IOException {
        List<Csv.Row> rows = read("a,b\n\"x, y\",\"say \"\"hi\"\"\"\n\"two\nlines\",z\n\nlast,\n");
        assertThat(rows).extracting(Csv.Row::line).containsExactly(1, 2, 3, 5, 6);
        assertThat(rows.get(1).fields()).containsExactly("x, y", "say \"hi\"");
        assertThat(rows.get(2).fields()).containsExactly("two\nlines", "z");
        assertThat(rows.get(3).fields()).isEmpty();
        assertThat(rows.get(4).fields()).containsExactly("last", "");
    }

    @Test
    void writesWhatItReads() throws IOException {
        List<Object> values = Arrays.asList("plain", "a,b", "q\"uote", null, 0.6, "中國", " padded");
        String line = Csv.line(values);
        assertThat(read(line).get(0).fields()).containsExactly("plain", "a,b", "q\"uote", "", "0.6", "中國", " padded");
    }

    @Test
    void anUnclosedQuoteIsAnError() {
        assertThatThrownBy(() -> read("a,\"b\nc\n")).isInstanceOf(Csv.MalformedCsvException.class).hasMessageContaining("line 1");
    }

    @Test
    void aByteOrderMarkIsIgnored() throws IOException {
        assertThat(read("\uFEFFentity_name,weight\n").get(0).fields()).containsExactly("entity_name", "weight");
    }
}
