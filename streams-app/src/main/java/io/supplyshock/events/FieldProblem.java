package io.supplyshock.events;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One problem of an input line: the field at fault (null when the line as a whole is unreadable) and the message the
 * publisher reports for it, which names the field and value. A rejection's reason is its problems' messages joined.
 */
public record FieldProblem(String field, String message) {

    public FieldProblem {
        Objects.requireNonNull(message, "message");
    }

    static String reason(List<FieldProblem> problems) {
        return problems.stream().map(FieldProblem::message).collect(Collectors.joining("; "));
    }
}
