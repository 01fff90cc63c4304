package io.supplyshock.publish;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * RFC 4180 CSV through Jackson's CSV module, for the files users edit in spreadsheets (profiles) and the
 * reports the tools write (rejects): records with the line each starts on, since a quoted field may span lines.
 */
public final class CsvRecords {

    /** Quotes only the fields that need it (separator, quote, line break), so plain text stays readable. */
    private static final CsvMapper MAPPER = CsvMapper.builder()
            .enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING)
            .build();
    private static final char BYTE_ORDER_MARK = '\uFEFF';

    /**
     * One record and the 1-based line it starts on. A blank line is a record with no fields, so callers can count it.
     */
    public record Record(int line, List<String> fields) {
        public boolean blank() {
            return fields.stream().allMatch(String::isBlank);
        }
    }

    private CsvRecords() {
    }

    /** Every record of a UTF-8 file. */
    public static List<Record> read(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(reader, file.toString());
        }
    }

    /**
     * @param source names the input in errors (a file name)
     * @throws MalformedCsvException naming the source, the line the bad record starts on and the reason
     * @throws CharacterCodingException when the text is not valid in the reader's charset
     */
    public static List<Record> read(Reader reader, String source) throws IOException {
        List<Record> records = new ArrayList<>();
        try (MappingIterator<String[]> it = MAPPER.readerFor(String[].class).readValues(reader)) {
            while (true) {
                int line = (int) it.getParser().currentLocation().getLineNr();
                try {
                    if (!it.hasNextValue()) break;
                    List<String> fields = new ArrayList<>(Arrays.asList(it.nextValue()));
                    if (records.isEmpty() && !fields.isEmpty() && !fields.get(0).isEmpty() && fields.get(0).charAt(0) == BYTE_ORDER_MARK) {
                        fields.set(0, fields.get(0).substring(1)); // spreadsheet exports often start with one
                    }
                    records.add(new Record(line, fields.size() == 1 && fields.get(0).isEmpty() ? List.of() : List.copyOf(fields)));
                } catch (JsonProcessingException e) {
                    if (e.getCause() instanceof CharacterCodingException coding) throw coding;
                    throw new MalformedCsvException(source, line, e.getOriginalMessage());
                }
            }
        }
        return records;
    }

    /** Writes a header row and the rows (null becomes an empty field) as UTF-8 CSV, creating the parent folders. */
    public static void write(Path file, List<String> header, List<? extends List<?>> rows) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            write(out, header, rows);
        }
    }

    static void write(Writer out, List<String> header, List<? extends List<?>> rows) throws IOException {
        CsvSchema schema = CsvSchema.emptySchema().withLineSeparator(System.lineSeparator());
        try (SequenceWriter writer = MAPPER.writer(schema).without(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                .writeValues(out)) {
            writer.write(header);
            for (List<?> row : rows) {
                writer.write(row.stream().map(v -> v == null ? "" : v.toString()).toList());
            }
        }
    }

    /** The input is not CSV from the given line on; the rest of it cannot be read reliably. */
    public static final class MalformedCsvException extends IOException {
        private final int line;

        public MalformedCsvException(String source, int line, String reason) {
            super(source + ": line " + line + ": malformed CSV: " + reason);
            this.line = line;
        }

        public int line() {
            return line;
        }
    }
}
