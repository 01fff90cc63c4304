package io.supplyshock.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The repo's Grafana dashboard: its panels' PromQL, made runnable outside Grafana. */
public final class Dashboard {

    public record Query(String panel, String expr) {
    }

    /**
     * Grafana's interval macros and the dashboard's instance variable ("All" is the regex .*), and what stands
     * for them outside Grafana; any other '$' is an error.
     */
    private static final List<String[]> MACROS = List.of(
            new String[]{"$__rate_interval", "1m"}, new String[]{"$__interval", "10s"}, new String[]{"$__range", "1h"},
            new String[]{"$instance", ".*"});
    private static final Set<String> PROMQL_WORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "bool", "and", "or", "unless", "offset", "inf", "nan");

    private final JsonNode root;

    private Dashboard(JsonNode root) {
        this.root = root;
    }

    public static Dashboard load(Path projectRoot) {
        try {
            return new Dashboard(new ObjectMapper().readTree(projectRoot.resolve("deploy/grafana/dashboards/supplyshock.json").toFile()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public JsonNode json() {
        return root;
    }

    /** Every panel that is not a row, including those inside collapsed rows. */
    public List<JsonNode> panels() {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode panel : root.path("panels")) {
            if (panel.path("type").asText().equals("row")) panel.path("panels").forEach(out::add);
            else out.add(panel);
        }
        return out;
    }

    /** Every target's expression with Grafana's macros replaced, so Prometheus itself can run it. */
    public List<Query> queries() {
        List<Query> out = new ArrayList<>();
        for (JsonNode panel : panels()) {
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                for (String[] macro : MACROS) expr = expr.replace(macro[0], macro[1]);
                if (expr.contains("$")) throw new AssertionError("panel '" + panel.path("title").asText() + "' uses an unknown variable: " + expr);
                out.add(new Query(panel.path("title").asText(), expr));
            }
        }
        return out;
    }

    /** The metric names the expressions select: identifiers that are not functions, keywords, labels or strings. */
    public Set<String> metricNames() {
        Set<String> names = new TreeSet<>();
        for (Query q : queries()) names.addAll(metricNames(q.expr()));
        return names;
    }

    static Set<String> metricNames(String expr) {
        String bare = expr.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*").matcher(bare);
        while (m.find()) {
            String rest = bare.substring(m.end()).stripLeading();
            boolean isFunction = rest.startsWith("(");
            boolean isNumber = m.start() > 0 && Character.isDigit(bare.charAt(m.start() - 1));
            if (!isFunction && !isNumber && !PROMQL_WORDS.contains(m.group().toLowerCase())) names.add(m.group());
        }
        return names;
    }
}
