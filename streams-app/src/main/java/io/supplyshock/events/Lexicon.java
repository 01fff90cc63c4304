package io.supplyshock.events;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The words producers use in subtypes and what they mean: an instrument, an action with its supply effect,
 * a disruption kind, or a known word with no meaning of its own. The shipped rows are
 * {@code lexicon/policy-lexicon.csv}, whose header states the matching rule; a user's file is laid over them.
 */
public final class Lexicon {

    public static final String SHIPPED = "/lexicon/policy-lexicon.csv";

    public enum Role { INSTRUMENT, ACTION, DISRUPTION, WORD }

    /** One row: a phrase of one or more words, its role, the enum symbol it stands for and its supply effect. */
    public record Entry(List<String> words, Role role, String value, String direction, String note) {
        String key() {
            return role + ":" + String.join(" ", words);
        }
    }

    private final List<Entry> entries;
    private final Set<String> known;

    private Lexicon(List<Entry> entries) {
        this.entries = List.copyOf(entries);
        Set<String> words = new HashSet<>();
        entries.forEach(e -> words.addAll(e.words()));
        this.known = Set.copyOf(words);
    }

    public static Lexicon shipped() {
        try (InputStream in = Lexicon.class.getResourceAsStream(SHIPPED)) {
            if (in == null) throw new IllegalStateException("missing resource " + SHIPPED);
            return new Lexicon(read(new InputStreamReader(in, StandardCharsets.UTF_8), SHIPPED));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The shipped rows with a user's file laid over them: the user's rows first, replacing shipped rows of the same phrase and role. */
    public static Lexicon withOverlay(Path userFile) {
        try (Reader r = Files.newBufferedReader(userFile, StandardCharsets.UTF_8)) {
            return shipped().overlaidWith(read(r, userFile.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read lexicon " + userFile + ": " + e.getMessage(), e);
        }
    }

    Lexicon overlaidWith(List<Entry> userRows) {
        Map<String, Entry> rows = new LinkedHashMap<>();
        userRows.forEach(e -> rows.put(e.key(), e));
        entries.forEach(e -> rows.putIfAbsent(e.key(), e));
        return new Lexicon(new ArrayList<>(rows.values()));
    }

    public List<Entry> entries() {
        return entries;
    }

    static List<Entry> read(Reader reader, String source) throws IOException {
        List<Entry> rows = new ArrayList<>();
        BufferedReader in = new BufferedReader(reader);
        String line;
        int number = 0;
        while ((line = in.readLine()) != null) {
            number++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("word_or_phrase,")) continue;
            String[] cells = trimmed.split(",", 5);
            if (cells.length < 4) throw new IllegalArgumentException(source + ":" + number + ": expected word_or_phrase,role,value,direction,note");
            Role role;
            try {
                role = Role.valueOf(cells[1].strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + ":" + number + ": unknown role '" + cells[1] + "'", e);
            }
            List<String> words = words(cells[0]);
            if (words.isEmpty()) throw new IllegalArgumentException(source + ":" + number + ": empty word_or_phrase");
            String value = cells[2].strip().toUpperCase(Locale.ROOT);
            if (role != Role.WORD && value.isEmpty()) throw new IllegalArgumentException(source + ":" + number + ": a " + cells[1] + " needs a value");
            rows.add(new Entry(words, role, value, cells[3].strip().toLowerCase(Locale.ROOT), cells.length > 4 ? cells[4].strip() : ""));
        }
        return rows;
    }

    /**
     * The words of a subtype: split on anything but letters and digits and on camelCase, lower-cased; a run of
     * digits stays with the word before it, so {@code section_232}, {@code section-232} and {@code Section232} are one word.
     */
    public static List<String> words(String raw) {
        List<String> words = new ArrayList<>();
        if (raw == null) return words;
        String spaced = raw.replaceAll("(?<=[a-z0-9])(?=[A-Z])", " ");
        for (String part : spaced.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (part.isEmpty()) continue;
            if (part.chars().allMatch(Character::isDigit) && !words.isEmpty()) {
                words.set(words.size() - 1, words.getLast() + part);
            } else {
                words.add(part);
            }
        }
        return words;
    }

    /** The best row of a role in these words: the longest phrase found among consecutive words; the row listed first among equals. */
    public Optional<Entry> best(List<String> words, Role role) {
        Entry best = null;
        for (Entry e : entries) {
            if (e.role() != role || (best != null && e.words().size() <= best.words().size())) continue;
            if (contains(words, e.words())) best = e;
        }
        return Optional.ofNullable(best);
    }

    /** Whether every word is known to the lexicon. */
    public boolean knowsAll(List<String> words) {
        return known.containsAll(words);
    }

    private static boolean contains(List<String> words, List<String> phrase) {
        for (int i = 0; i + phrase.size() <= words.size(); i++) {
            if (words.subList(i, i + phrase.size()).equals(phrase)) return true;
        }
        return false;
    }
}
