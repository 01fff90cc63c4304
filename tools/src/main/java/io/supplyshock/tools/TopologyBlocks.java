package io.supplyshock.tools;

import org.apache.kafka.streams.TopologyDescription;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The topology pictures committed in the project's Markdown, each between
 * {@code <!-- topology:begin level=stages -->} (or {@code level=processors}) and {@code <!-- topology:end -->}.
 * Only what lies between the markers is generated; the prose around it is left as written.
 */
public final class TopologyBlocks {

    /** The files that hold pictures, relative to the project root. */
    public static final List<String> FILES = List.of("README.md", "docs/topology.md");
    static final String BEGIN = "<!-- topology:begin";
    private static final Pattern BLOCK = Pattern.compile(
            "(" + Pattern.quote(BEGIN) + " level=(stages|processors)[^>\\n]*-->\\n)(.*?)(<!-- topology:end -->)", Pattern.DOTALL);

    private TopologyBlocks() {
    }

    /** The document with every block holding the current picture of its level. */
    public static String filled(String document, TopologyDescription description) {
        Matcher m = BLOCK.matcher(document);
        StringBuilder out = new StringBuilder();
        int blocks = 0;
        while (m.find()) {
            blocks++;
            TopologyDiagram.Level level = TopologyDiagram.Level.valueOf(m.group(2).toUpperCase(Locale.ROOT));
            String block = m.group(1) + "```mermaid\n" + TopologyDiagram.mermaid(description, level) + "```\n" + m.group(4);
            m.appendReplacement(out, Matcher.quoteReplacement(block));
        }
        m.appendTail(out);
        int begins = document.split(Pattern.quote(BEGIN), -1).length - 1;
        if (begins != blocks) {
            throw new IllegalArgumentException(begins + " topology:begin markers but " + blocks
                    + " complete blocks: each needs level=stages or level=processors and a topology:end after it");
        }
        return out.toString();
    }

    /** The project root: the nearest directory at or above {@code from} that holds both {@code scripts/} and {@code pom.xml}. */
    public static Path projectRoot(Path from) {
        for (Path dir = from.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("scripts")) && Files.isRegularFile(dir.resolve("pom.xml"))) return dir;
        }
        throw new IllegalStateException("no directory at or above " + from.toAbsolutePath() + " holds both scripts/ and pom.xml");
    }

    /** Rewrites the blocks of {@link #FILES} under {@code root}; returns the files whose pictures changed. */
    public static List<Path> write(Path root, TopologyDescription description) {
        List<Path> changed = new ArrayList<>();
        for (Path file : files(root)) {
            String before = read(file);
            String after = filled(before, description);
            if (after.equals(before)) continue;
            try {
                Files.writeString(file, after, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            changed.add(file);
        }
        return changed;
    }

    /** The files under {@code root} that hold pictures, each of which must hold at least one. */
    public static List<Path> files(Path root) {
        List<Path> files = FILES.stream().map(root::resolve).toList();
        for (Path file : files) {
            if (!read(file).contains(BEGIN)) throw new IllegalStateException(file + " has no " + BEGIN + " marker");
        }
        return files;
    }

    public static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
