package io.supplyshock.evaluation;

import io.supplyshock.config.AppConfig;
import io.supplyshock.topics.SituationKey;
import io.supplyshock.evaluation.AnalystLabels.Direction;
import io.supplyshock.evaluation.AnalystLabels.Expect;
import io.supplyshock.evaluation.AnalystLabels.Label;
import io.supplyshock.publish.JsonlPublisher;
import io.supplyshock.events.LineResult;
import io.supplyshock.events.ReferenceLineMapper;
import io.supplyshock.events.UndatedPolicy;
import io.supplyshock.publish.Utf8Lines;
import io.supplyshock.schema.Alert;
import io.supplyshock.schema.AlertType;
import io.supplyshock.schema.CommoditySupplyProfile;
import io.supplyshock.schema.PolicyAction;
import io.supplyshock.schema.PolicyInstrument;
import io.supplyshock.schema.Severity;
import io.supplyshock.schema.internal.AlertLedgerEntry;
import io.supplyshock.scoring.SeverityModel;
import io.supplyshock.state.Measures;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Replays a file of news-derived events through the production topology and scores its alerts against
 * analyst labels: which expected alerts were raised, which alerts nobody expected, whether the bands
 * agree, whether the alert says the supply effect the analyst expects, and whether reports the analyst calls
 * one situation stay one situation.
 *
 * <p>An alert's direction ({@link #directionOf}) is read from the alert itself, as a subscriber would read it (the
 * Alert has no direction field):
 * <ul>
 *   <li>relief: a policy alert whose action relieves supply (pause, lift, exempt, lower). These are the
 *       DE_ESCALATION alerts of reliefs; a DE_ESCALATION whose action does not relieve is new evidence lowering the
 *       band of a restriction, and keeps the restriction's direction;</li>
 *   <li>none: a SHOCK or ESCALATION of an instrument the model scores as supply-neutral (funding, plans,
 *       agreements, negotiation windows, concentration caps, unclassified instruments);</li>
 *   <li>tightening: every other SHOCK or ESCALATION: a measure imposed, raised or threatened, or a disruption.</li>
 * </ul>
 * The explanation's wording is not read. An alert is a direction error when its direction and the label's are
 * opposite (tightening against relief); a neutral alert, or a neutral label, contradicts neither. A direction error
 * on an expected alert is a miss (not recalled, bands not compared); on a repeat it replaces the repeat's verdict.
 * Labels from files without a direction column are not checked.
 */
public final class Evaluation {

    private static final Set<AlertType> SHOCK_TYPES = EnumSet.of(AlertType.SHOCK, AlertType.ESCALATION, AlertType.DE_ESCALATION);

    /** What the model did with one labelled event. */
    public record Row(Label label, Optional<Alert> own, String situationKey, Severity situationBand, Verdict verdict) {
        public String got() {
            if (own.isPresent()) {
                Alert a = own.get();
                return a.getAlertType().name().toLowerCase(Locale.ROOT).replace('_', '-') + " " + a.getSeverity() + " " + a.getScore()
                        + " " + directionOf(a).word();
            }
            if (situationKey != null) return "repeat (" + situationBand + ")";
            return "no alert";
        }

        public String explanation() {
            return own.map(a -> a.getExplanation().getSummary()).orElse(situationKey == null ? "" : "situation " + situationKey);
        }
    }

    public enum Verdict { HIT, HIT_WRONG_BAND, MISSED, WRONG_DIRECTION, UNEXPECTED, REPEAT_OK, REPEAT_WRONG_BAND, REPEAT_OPENED_NEW, QUIET_OK }

    public record Totals(int expectedAlerts, int recalled, int directionErrors, int unexpected, int bandChecked, int bandAgreed,
                         int multiReportSituations, int keptTogether, int mergedDistinct, int unlabelledAlerts,
                         int storylines, int storylinesLinked) {
        public String line() {
            return String.format(Locale.ROOT,
                    "recall %d/%d expected alerts; direction errors %d; %d alerts not expected; band agreement %d/%d; "
                            + "situations: %d/%d multi-report situations kept together, %d distinct situations merged; "
                            + "storylines: %d/%d linked; %d alerts on unlabelled events",
                    recalled, expectedAlerts, directionErrors, unexpected, bandAgreed, bandChecked, keptTogether, multiReportSituations,
                    mergedDistinct, storylinesLinked, storylines, unlabelledAlerts);
        }
    }

    /** The supply effect an alert says; see the class comment. */
    public static Direction directionOf(Alert a) {
        if (a.getAction() == null) return Direction.TIGHTENING;
        if (Measures.relieves(enumOrNull(PolicyAction.class, a.getAction()))) return Direction.RELIEF;
        PolicyInstrument instrument = enumOrNull(PolicyInstrument.class, a.getInstrument());
        return instrument != null && SeverityModel.isSupplyNeutral(instrument) ? Direction.NONE : Direction.TIGHTENING;
    }

    private static <E extends Enum<E>> E enumOrNull(Class<E> type, String name) {
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** @param inputLines lines of the replayed file, for the noise budget */
    public record Result(List<Row> rows, Totals totals, List<Alert> alerts, int inputLines) {
        /** Alerts per 100 input lines, by alert type: the noise an analyst reading the feed pays. */
        public Map<AlertType, Double> alertsPer100Lines() {
            Map<AlertType, Double> out = new java.util.TreeMap<>();
            for (Alert a : alerts) out.merge(a.getAlertType(), 100.0 / Math.max(1, inputLines), Double::sum);
            return out;
        }
    }

    private Evaluation() {
    }

    public static Result run(Path eventsFile, AnalystLabels labels, List<CommoditySupplyProfile> baseline, AppConfig config)
            throws IOException {
        List<LineResult.Mapped> events = mapInPublishOrder(eventsFile);
        List<Alert> alerts = new ArrayList<>();
        Map<String, AlertLedgerEntry> ledger;
        Instant wallClock = events.isEmpty() ? Instant.EPOCH : events.getLast().eventTime();
        try (OfflinePipeline pipeline = new OfflinePipeline(config, wallClock)) {
            pipeline.pipeProfiles(baseline);
            for (LineResult.Mapped m : events) {
                pipeline.pipe(m);
            }
            alerts.addAll(pipeline.drainAlerts());
            ledger = pipeline.ledger();
        }
        return score(labels, alerts, ledger, events);
    }

    /**
     * Maps the file as the publisher does. Undated lines get a fixed "publish time", the day after the
     * latest dated line, so that an evaluation is repeatable whenever it runs.
     */
    static List<LineResult.Mapped> mapInPublishOrder(Path file) throws IOException {
        List<Utf8Lines.Line> lines = Utf8Lines.read(file);
        ReferenceLineMapper dated = new ReferenceLineMapper(UndatedPolicy.PUBLISH_TIME, Instant.EPOCH);
        List<LineResult.Mapped> mapped = new ArrayList<>();
        Instant latest = Instant.EPOCH;
        for (Utf8Lines.Line line : lines) {
            if (line.text() != null && !line.text().isBlank() && dated.map(line.text(), line.number()) instanceof LineResult.Mapped m) {
                mapped.add(m);
                if (!m.undated() && m.eventTime().isAfter(latest)) latest = m.eventTime();
            }
        }
        // Only undated lines depend on the publish time; they are mapped again once it is known.
        ReferenceLineMapper undated = new ReferenceLineMapper(UndatedPolicy.PUBLISH_TIME, latest.plus(1, ChronoUnit.DAYS));
        for (int i = 0; i < mapped.size(); i++) {
            LineResult.Mapped m = mapped.get(i);
            if (m.undated() && undated.map(lines.get(m.lineNumber() - 1).text(), m.lineNumber()) instanceof LineResult.Mapped again) {
                mapped.set(i, again);
            }
        }
        JsonlPublisher.sortInPublishOrder(mapped);
        return mapped;
    }

    static Result score(AnalystLabels labels, List<Alert> alerts, Map<String, AlertLedgerEntry> ledger, List<LineResult.Mapped> events) {
        Map<String, Alert> ownAlert = new LinkedHashMap<>();
        for (Alert a : alerts) {
            if (!SHOCK_TYPES.contains(a.getAlertType()) || a.getExplanation().getSourceEventIds().isEmpty()) continue;
            // The latest alert an event raised is its standing verdict (an escalation supersedes the opening).
            ownAlert.put(a.getExplanation().getSourceEventIds().getFirst(), a);
        }
        Map<String, String> situationOf = new HashMap<>();
        ledger.forEach((key, entry) -> {
            if (SituationKey.kindOf(key) == SituationKey.Kind.SHOCK) entry.getEventIds().forEach(id -> situationOf.put(id, key));
        });

        List<Row> rows = new ArrayList<>();
        int expected = 0, recalled = 0, directionErrors = 0, unexpected = 0, bandChecked = 0, bandAgreed = 0;
        for (Label label : labels.labels()) {
            Optional<Alert> own = Optional.ofNullable(ownAlert.get(label.eventId()));
            String key = situationOf.get(label.eventId());
            Severity band = key == null ? null : ledger.get(key).getSeverity();
            Verdict verdict = switch (label.expect()) {
                case ALERT -> own.isEmpty() ? Verdict.MISSED : label.inBand(own.get().getSeverity()) ? Verdict.HIT : Verdict.HIT_WRONG_BAND;
                case REPEAT -> own.isPresent() && own.get().getAlertType() != AlertType.ESCALATION ? Verdict.REPEAT_OPENED_NEW
                        : band != null && label.inBand(band) ? Verdict.REPEAT_OK : Verdict.REPEAT_WRONG_BAND;
                case NONE -> own.isPresent() ? Verdict.UNEXPECTED : Verdict.QUIET_OK;
            };
            if (label.expect() != Expect.NONE && label.direction() != null && own.isPresent()
                    && directionOf(own.get()).contradicts(label.direction())) {
                verdict = Verdict.WRONG_DIRECTION;
                directionErrors++;
            }
            if (label.expect() == Expect.ALERT) {
                expected++;
                if (verdict == Verdict.HIT || verdict == Verdict.HIT_WRONG_BAND) recalled++;
            }
            if (verdict == Verdict.UNEXPECTED || verdict == Verdict.REPEAT_OPENED_NEW) unexpected++;
            if (verdict == Verdict.HIT || verdict == Verdict.HIT_WRONG_BAND || verdict == Verdict.REPEAT_OK || verdict == Verdict.REPEAT_WRONG_BAND) {
                bandChecked++;
                if (verdict == Verdict.HIT || verdict == Verdict.REPEAT_OK) bandAgreed++;
            }
            rows.add(new Row(label, own, key, band, verdict));
        }

        Map<String, Set<String>> modelKeysByLabelSituation = new LinkedHashMap<>();
        Map<String, Set<String>> labelSituationsByModelKey = new LinkedHashMap<>();
        Map<String, Integer> reportsPerLabelSituation = new HashMap<>();
        for (Row row : rows) {
            reportsPerLabelSituation.merge(row.label().situation(), 1, Integer::sum);
            if (row.situationKey() == null) continue;
            modelKeysByLabelSituation.computeIfAbsent(row.label().situation(), k -> new LinkedHashSet<>()).add(row.situationKey());
            labelSituationsByModelKey.computeIfAbsent(row.situationKey(), k -> new LinkedHashSet<>()).add(row.label().situation());
        }
        int multi = 0, together = 0;
        for (var e : reportsPerLabelSituation.entrySet()) {
            if (e.getValue() < 2) continue;
            multi++;
            Set<String> keys = modelKeysByLabelSituation.getOrDefault(e.getKey(), Set.of());
            long placed = rows.stream().filter(r -> r.label().situation().equals(e.getKey()) && r.situationKey() != null).count();
            if (keys.size() == 1 && placed == e.getValue()) together++;
        }
        int merged = labelSituationsByModelKey.values().stream().mapToInt(s -> s.size() - 1).sum();

        Set<String> labelled = new HashSet<>();
        labels.labels().forEach(l -> labelled.add(l.eventId()));
        Set<String> shockEvents = new HashSet<>();
        events.forEach(m -> shockEvents.add(m.eventId()));
        int unlabelled = (int) ownAlert.keySet().stream().filter(id -> !labelled.contains(id) && shockEvents.contains(id)
                && !isMarketSignal(ownAlert.get(id))).count();

        // Storylines: every labelled storyline whose events raised two or more alerts should carry one storyline id.
        Map<String, Set<String>> storyIds = new LinkedHashMap<>();
        for (Row row : rows) {
            if (row.label().storyline() == null || row.own().isEmpty()) continue;
            String id = row.own().get().getStorylineId();
            storyIds.computeIfAbsent(row.label().storyline(), k -> new LinkedHashSet<>()).add(id == null ? "(none)" : id);
        }
        Map<String, Long> alertedPerStory = rows.stream().filter(r -> r.label().storyline() != null && r.own().isPresent())
                .collect(java.util.stream.Collectors.groupingBy(r -> r.label().storyline(), java.util.stream.Collectors.counting()));
        int storylines = (int) alertedPerStory.values().stream().filter(n -> n >= 2).count();
        int linked = (int) alertedPerStory.entrySet().stream().filter(e -> e.getValue() >= 2 && storyIds.get(e.getKey()).size() == 1).count();

        return new Result(rows, new Totals(expected, recalled, directionErrors, unexpected, bandChecked, bandAgreed, multi, together, merged,
                unlabelled, storylines, linked), alerts, events.size());
    }

    private static boolean isMarketSignal(Alert a) {
        return SituationKey.kindOf(a.getDedupKey()) != SituationKey.Kind.SHOCK;
    }

    public static void print(Result result, PrintStream out) {
        out.printf(Locale.ROOT, "%-6s %-8s %-31s %-33s %-17s %s%n", "event", "verdict", "expected", "got", "situation", "explanation / analyst reason");
        for (Row r : result.rows()) {
            String verdict = switch (r.verdict()) {
                case HIT, REPEAT_OK, QUIET_OK -> "ok";
                case HIT_WRONG_BAND, REPEAT_WRONG_BAND -> "band";
                case MISSED -> "MISSED";
                case WRONG_DIRECTION -> "DIRECTN";
                case UNEXPECTED -> "UNEXP";
                case REPEAT_OPENED_NEW -> "SPLIT";
            };
            out.printf(Locale.ROOT, "%-6s %-8s %-31s %-33s %-17s %s%n", r.label().eventId(), verdict, r.label().expected(), r.got(),
                    abbreviate(r.label().situation(), 17), abbreviate(r.explanation(), 140));
            if (!r.verdict().equals(Verdict.QUIET_OK) && !r.verdict().equals(Verdict.HIT) && !r.verdict().equals(Verdict.REPEAT_OK)) {
                out.printf(Locale.ROOT, "%-6s %-8s analyst: %s%n", "", "", r.label().reason());
            }
        }
        out.println();
        out.println("totals: " + result.totals().line());
        out.println("noise: " + result.alerts().size() + " alerts for " + result.inputLines() + " input lines; per 100 lines: "
                + String.join(", ", result.alertsPer100Lines().entrySet().stream()
                .map(e -> e.getKey() + " " + String.format(Locale.ROOT, "%.1f", e.getValue())).toList()));
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
