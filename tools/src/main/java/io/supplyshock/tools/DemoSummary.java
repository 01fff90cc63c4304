package io.supplyshock.tools;

import io.supplyshock.config.AppConfig;
import io.supplyshock.schema.Alert;
import io.supplyshock.schema.DeadLetter;
import io.supplyshock.schema.ExplanationInput;
import io.supplyshock.schema.ExposureRow;
import io.supplyshock.schema.Severity;
import io.supplyshock.topics.SituationKey;
import io.supplyshock.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** A readable digest of the output topics: alerts by severity with their reasons, and the most exposed entities. */
public final class DemoSummary {

    private DemoSummary() {
    }

    public static int print(AppConfig config, int topEntities, PrintStream out) {
        Duration timeout = Duration.ofSeconds(30);
        List<Alert> alerts = TopicReader.<Alert>readAll(config, Topics.ALERTS, timeout).stream().map(ConsumerRecord::value).toList();
        Map<String, ExposureRow> latestRows = new LinkedHashMap<>();
        TopicReader.<ExposureRow>readAll(config, Topics.EXPOSURES, timeout)
                .forEach(r -> { if (r.value() == null) latestRows.remove(r.key()); else latestRows.put(r.key(), r.value()); });
        List<DeadLetter> deadLetters = TopicReader.<DeadLetter>readAll(config, Topics.DEAD_LETTERS, timeout).stream()
                .map(ConsumerRecord::value).toList();

        Map<Severity, Long> bySeverity = new EnumMap<>(Severity.class);
        alerts.forEach(a -> bySeverity.merge(a.getSeverity(), 1L, Long::sum));
        out.println();
        out.println("== Alerts: " + alerts.size() + " (" + bySeverity.entrySet().stream()
                .sorted(Map.Entry.<Severity, Long>comparingByKey().reversed())
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")) + ")");
        Map<String, List<Alert>> bySection = alerts.stream().collect(Collectors.groupingBy(DemoSummary::section, LinkedHashMap::new, Collectors.toList()));
        for (String section : List.of(SHOCKS, SIGNALS, DEADLINES)) {
            List<Alert> inSection = bySection.getOrDefault(section, List.of());
            out.println();
            out.println("-- " + section + ": " + inSection.size() + byType(inSection));
            inSection.stream()
                    .sorted(Comparator.comparing(Alert::getSeverity).reversed().thenComparing(Alert::getEventTime))
                    .forEach(a -> printAlert(a, out));
        }

        out.println();
        out.println("== Most exposed entities (of " + latestRows.values().stream().map(ExposureRow::getEntityId).distinct().count()
                + " entities, " + latestRows.size() + " exposure rows)");
        Map<String, List<ExposureRow>> byEntity = latestRows.values().stream()
                .collect(Collectors.groupingBy(ExposureRow::getEntityId, LinkedHashMap::new, Collectors.toList()));
        byEntity.values().stream()
                .sorted(Comparator.comparingInt((List<ExposureRow> rows) -> rows.stream().mapToInt(ExposureRow::getShockScore).max().orElse(0))
                        .reversed().thenComparing(rows -> rows.get(0).getEntityName()))
                .limit(topEntities)
                .forEach(rows -> {
                    ExposureRow top = rows.stream().max(Comparator.comparingInt(ExposureRow::getShockScore)).orElseThrow();
                    out.printf(Locale.ROOT, "  %-38s %3d  via %s (weight %.2f x commodity shock %d, %s, events %s)%n",
                            top.getEntityName(), top.getShockScore(), top.getCommodity(), top.getWeight(),
                            top.getCommodityShockScore(), top.getRole(),
                            top.getContributions().stream().filter(c -> c.getActive()).map(c -> c.getEventId()).collect(Collectors.joining(",")));
                });

        out.println();
        out.println("== Dead letters: " + deadLetters.size());
        deadLetters.forEach(d -> out.printf("  %s %s-%d@%d %s: %s%n", d.getEventId(), d.getSourceTopic(), d.getSourcePartition(),
                d.getSourceOffset(), d.getReason(), d.getDetail()));
        return 0;
    }

    private static final String SHOCKS = "Policy and disruption shocks";
    private static final String SIGNALS = "Market signals";
    private static final String DEADLINES = "Deadlines";

    private static String section(Alert a) {
        return switch (SituationKey.kindOf(a.getDedupKey())) {
            case SIGNAL -> SIGNALS;
            case DEADLINE -> DEADLINES;
            case SHOCK -> SHOCKS;
        };
    }

    private static String byType(List<Alert> alerts) {
        if (alerts.isEmpty()) return "";
        Map<String, Long> counts = alerts.stream().collect(Collectors.groupingBy(a -> a.getAlertType().name(), java.util.TreeMap::new, Collectors.counting()));
        return " (" + counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")) + ")";
    }

    private static void printAlert(Alert a, PrintStream out) {
        out.printf(Locale.ROOT, "%n[%s %d] %s %s  (%s)%n", a.getSeverity(), a.getScore(), a.getAlertType(), a.getCommodity(), a.getAlertId());
        out.println("    " + a.getExplanation().getSummary());
        for (ExplanationInput in : a.getExplanation().getInputs()) {
            out.printf(Locale.ROOT, "      %-15s %-45s x%.3f%n", in.getName(), in.getValue(), in.getFactor());
        }
        out.println("    sources: " + String.join(", ", a.getExplanation().getSourceEventIds())
                + (a.getAffectedEntities().isEmpty() ? "" : "; exposed: " + String.join(", ", a.getAffectedEntities().stream().limit(6).toList())
                + (a.getAffectedEntities().size() > 6 ? " +" + (a.getAffectedEntities().size() - 6) + " more" : "")));
        if (a.getExplanation().getSourceSummary() != null) out.println("    \"" + a.getExplanation().getSourceSummary() + "\"");
    }
}
