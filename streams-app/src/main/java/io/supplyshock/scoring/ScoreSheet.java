package io.supplyshock.scoring;

import io.supplyshock.schema.ExplanationInput;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The factors of one score as they are decided, each with its value, provenance and reason. */
final class ScoreSheet {

    private final List<ExplanationInput> inputs = new ArrayList<>();
    private final Set<String> sources = new LinkedHashSet<>();
    private final List<String> unknowns = new ArrayList<>();
    private double product = 1.0;

    ScoreSheet(String eventId) {
        sources.add(eventId);
    }

    double factor(String name, String value, double factor, String note) {
        inputs.add(SeverityModel.input(name, value, factor, note));
        product *= factor;
        return factor;
    }

    /** An input nobody stated: it takes its documented neutral prior, and the summary lists it as unknown. */
    double prior(String name, double factor, String note) {
        unknowns.add(name);
        return factor(name, "unknown", factor, "neutral prior: " + note);
    }

    /** Names of the inputs that took a neutral prior, in the order they were weighed. */
    List<String> unknowns() {
        return List.copyOf(unknowns);
    }

    /** An input that explains without weighing: factor 1. */
    void fact(String name, String value, String note) {
        inputs.add(SeverityModel.input(name, value, 1.0, note));
    }

    void source(String id) {
        if (id != null) sources.add(id);
    }

    int score() {
        return SeverityModel.toScore(product);
    }

    List<ExplanationInput> inputs() {
        return inputs;
    }

    List<String> sources() {
        return List.copyOf(sources);
    }
}
