package io.supplyshock.publish;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Reads a file's lines as strict UTF-8, one line at a time, so that a single corrupt line is rejected
 * on its own instead of failing the file or publishing mangled Chinese quotes.
 */
public final class Utf8Lines {

    /** One line: its text, or null with {@code error} when it is not valid UTF-8. */
    public record Line(int number, String text, String error) {
        public boolean isBlank() {
            return text != null && text.isBlank();
        }
    }

    /** Longest line read: a record from a longer one would pass the broker's default limit of 1 MB anyway. */
    public static final int MAX_LINE_BYTES = 1024 * 1024;

    private Utf8Lines() {
    }

    /** Lines split on LF (a CR before it is dropped); no trailing empty line for a final newline. */
    public static List<Line> read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        List<Line> lines = new ArrayList<>();
        int start = 0;
        int number = 0;
        while (start < bytes.length) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            int stop = end > start && bytes[end - 1] == '\r' ? end - 1 : end;
            number++;
            lines.add(decode(decoder, bytes, start, stop, number));
            start = end + 1;
        }
        return lines;
    }

    private static Line decode(CharsetDecoder decoder, byte[] bytes, int from, int to, int number) {
        if (to - from > MAX_LINE_BYTES) {
            return new Line(number, null, String.format(java.util.Locale.ROOT, "line too long: %,d bytes (at most %,d)", to - from, MAX_LINE_BYTES));
        }
        try {
            String text = decoder.reset().decode(ByteBuffer.wrap(bytes, from, to - from)).toString();
            if (number == 1 && text.startsWith("\uFEFF")) {
                text = text.substring(1); // byte-order mark some editors write
            }
            return new Line(number, text, null);
        } catch (CharacterCodingException e) {
            return new Line(number, null, "not valid UTF-8 text");
        }
    }

    /** Line number (1-based) to its text, null for a number out of range or a line that is not valid UTF-8. */
    public static IntFunction<String> textOf(List<Line> lines) {
        return n -> n >= 1 && n <= lines.size() && lines.get(n - 1).number() == n ? lines.get(n - 1).text() : null;
    }

    /**
     * Line number to its text, read from the file on first use (only a run with rejected lines needs them);
     * null for every line when the file cannot be read again.
     */
    public static IntFunction<String> textOf(Path file) {
        return new IntFunction<>() {
            private IntFunction<String> lines;

            @Override
            public String apply(int number) {
                if (lines == null) {
                    try {
                        lines = textOf(read(file));
                    } catch (IOException e) {
                        lines = n -> null;
                    }
                }
                return lines.apply(number);
            }
        };
    }
}
