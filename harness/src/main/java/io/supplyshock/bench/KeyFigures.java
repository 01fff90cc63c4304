package io.supplyshock.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The figures a run is judged by, as plain numbers, so that several runs' medians are computed rather than read off
 * by hand: each run's results file ends with them, and {@link #summary} puts the runs side by side. Figures are named
 * with their unit; the ratios are the run's own (its pipeline against its own baseline 2).
 */
public final class KeyFigures {

    static final String HEADING = "## Key figures";
    private static final String ROW_PREFIX = "| ";
    /** How the bench names the steal of each measured phase ({@link Bench}). */
    static final String STEAL_PREFIX = "CPU steal in ";

    private final Map<String, Double> figures = new LinkedHashMap<>();

    void put(String name, double value) {
        if (name.contains("|")) throw new IllegalArgumentException("a figure's name holds no '|': " + name);
        figures.put(name, value);
    }

    boolean isEmpty() {
        return figures.isEmpty();
    }

    /** The section a results file ends with: a heading and a two-column table, one figure a row. */
    String markdown() {
        StringBuilder md = new StringBuilder("\n").append(HEADING).append("\n\n| figure | value |\n|---|---|\n");
        figures.forEach((name, value) -> md.append(ROW_PREFIX).append(name).append(" | ").append(format(value)).append(" |\n"));
        return md.toString();
    }

    /** The key figures of one results file, in their order; empty when the file has none (a run of an older harness). */
    static Map<String, Double> read(String resultsMarkdown) {
        Map<String, Double> read = new LinkedHashMap<>();
        int section = resultsMarkdown.indexOf("\n" + HEADING + "\n");
        if (section < 0) return read;
        for (String line : resultsMarkdown.substring(section + HEADING.length() + 2).split("\n")) {
            if (line.startsWith("## ")) break;
            String[] cells = line.split("\\|");
            if (cells.length != 3 || cells[1].isBlank() || cells[1].trim().equals("figure") || cells[1].trim().startsWith("---")) continue;
            try {
                read.put(cells[1].trim(), Double.parseDouble(cells[2].trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("key figure '" + cells[1].trim() + "' is not a number: '" + cells[2].trim() + "'");
            }
        }
        return read;
    }

    /**
     * The runs side by side: each figure's value in every run, in the order given, and its median (of an even count,
     * the mean of the middle two). A figure a run lacks shows as "-" there and the median is over the runs that have it.
     */
    public static String summary(List<Path> resultsFiles) {
        if (resultsFiles.isEmpty()) throw new IllegalArgumentException("no results files to summarise");
        List<Map<String, Double>> runs = new ArrayList<>();
        for (Path file : resultsFiles) {
            Map<String, Double> run = read(readFile(file));
            if (run.isEmpty()) throw new IllegalArgumentException(file + " has no '" + HEADING + "' section: was it written by this harness's bench?");
            runs.add(run);
        }
        Set<String> names = new LinkedHashSet<>();
        runs.forEach(run -> names.addAll(run.keySet()));
        StringBuilder md = new StringBuilder(String.format(Locale.ROOT, "Medians of %d run%s: %s%n%n", runs.size(), runs.size() == 1 ? "" : "s",
                resultsFiles.stream().map(p -> p.getFileName().toString()).collect(Collectors.joining(", "))));
        md.append("| figure | runs | median |\n|---|---|---|\n");
        for (String name : names) {
            List<Double> values = runs.stream().map(run -> run.get(name)).toList();
            String each = values.stream().map(v -> v == null ? "-" : format(v)).collect(Collectors.joining(" · "));
            md.append(ROW_PREFIX).append(name).append(" | ").append(each).append(" | **")
                    .append(format(median(values.stream().filter(v -> v != null).toList()))).append("** |\n");
        }
        List<String> stolen = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            double worst = runs.get(i).entrySet().stream().filter(e -> e.getKey().startsWith(STEAL_PREFIX))
                    .mapToDouble(Map.Entry::getValue).max().orElse(0);
            if (CpuSteal.notComparable(worst / 100)) stolen.add(resultsFiles.get(i).getFileName() + " (" + format(worst) + "%)");
        }
        if (!stolen.isEmpty()) {
            md.append(String.format(Locale.ROOT, "%nOther guests took more than %.0f%% of the machine's CPU in a measured phase of %s: "
                    + "those runs measure the host's load as much as the build.%n", 100 * CpuSteal.NOT_COMPARABLE_SHARE, String.join(", ", stolen)));
        }
        return md.toString();
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) throw new IllegalArgumentException("no values");
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** Whole numbers from 100 up, three significant digits below: what the docs' tables show. */
    static String format(double value) {
        double size = Math.abs(value);
        if (size >= 100 || value == Math.rint(value)) return String.format(Locale.ROOT, "%.0f", value);
        if (size >= 10) return String.format(Locale.ROOT, "%.1f", value);
        if (size >= 1) return String.format(Locale.ROOT, "%.2f", value);
        return String.format(Locale.ROOT, "%.3f", value);
    }

    private static String readFile(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read results file " + file, e);
        }
    }
}
