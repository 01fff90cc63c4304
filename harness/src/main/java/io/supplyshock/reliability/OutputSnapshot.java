package io.supplyshock.reliability;

import io.supplyshock.config.AppConfig;
import io.supplyshock.schema.Alert;
import io.supplyshock.schema.CommodityState;
import io.supplyshock.schema.ExposureRow;
import io.supplyshock.schema.Storyline;
import io.supplyshock.tools.TopicReader;
import io.supplyshock.topics.SituationKey;
import io.supplyshock.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a run committed (read_committed) to the four outputs a consumer relies on: every alert, and the
 * final value per key of the storyline, exposure and commodity-state tables. Two runs of the same input compare
 * equal when nothing was lost, nothing doubled and every score and table row is the same.
 *
 * @param alerts        alert id to its fingerprint (type, severity, score, storyline sequence on its commodity)
 * @param alertCopies   how many records each alert id had (more than one is a duplicate)
 * @param storylines    storyline id to a fingerprint of its final record, without its wall-clock updatedAt
 * @param exposures     exposure key to a fingerprint of its final row (null for a deleted row)
 * @param states        commodity to a fingerprint of its final state
 * @param assessments   situation (dedup key) to the severity and score of its last alert: what an analyst is left with
 */
public record OutputSnapshot(Map<String, String> alerts, Map<String, Integer> alertCopies, Map<String, String> storylines,
                             Map<String, String> exposures, Map<String, String> states, Map<String, String> assessments) {

    public static OutputSnapshot read(AppConfig config) {
        Duration timeout = Duration.ofSeconds(120);
        Map<String, String> alerts = new TreeMap<>();
        Map<String, Integer> copies = new TreeMap<>();
        Map<String, Alert> lastBySituation = new TreeMap<>();
        for (ConsumerRecord<String, Alert> r : TopicReader.<Alert>readAll(config, Topics.ALERTS, timeout)) {
            Alert a = r.value();
            // A situation's alerts are numbered in its id; signals and milestones have no storyline sequence.
            lastBySituation.merge(a.getDedupKey(), a, (x, y) -> sequenceOf(y) >= sequenceOf(x) ? y : x);
            alerts.put(a.getAlertId(), a.getAlertType() + " " + a.getSeverity() + " " + a.getScore() + " #" + a.getStorylineSequence());
            copies.merge(a.getAlertId(), 1, Integer::sum);
        }
        Map<String, String> storylines = new TreeMap<>();
        for (ConsumerRecord<String, Storyline> r : TopicReader.<Storyline>readAll(config, Topics.STORYLINES, timeout)) {
            storylines.put(r.key(), r.value() == null ? null : Storyline.newBuilder(r.value()).setUpdatedAt(Instant.EPOCH).build().toString());
        }
        Map<String, String> exposures = new TreeMap<>();
        for (ConsumerRecord<String, ExposureRow> r : TopicReader.<ExposureRow>readAll(config, Topics.EXPOSURES, timeout)) {
            exposures.put(r.key(), r.value() == null ? null : r.value().toString());
        }
        Map<String, String> states = new TreeMap<>();
        for (ConsumerRecord<String, CommodityState> r : TopicReader.<CommodityState>readAll(config, Topics.COMMODITY_STATE, timeout)) {
            states.put(r.key(), r.value() == null ? null : r.value().toString());
        }
        exposures.values().removeIf(Objects::isNull);
        Map<String, String> assessments = new TreeMap<>();
        lastBySituation.forEach((situation, a) -> assessments.put(situation, a.getSeverity() + " " + a.getScore()));
        return new OutputSnapshot(alerts, copies, storylines, exposures, states, assessments);
    }

    private static int sequenceOf(Alert alert) {
        return SituationKey.AlertId.parse(alert.getAlertId()).sequence();
    }

    /** The differences of {@code other} against this snapshot, the reference. */
    public Comparison compare(OutputSnapshot other) {
        List<String> lost = new ArrayList<>(new TreeSet<>(alerts.keySet()));
        lost.removeAll(other.alerts.keySet());
        List<String> extra = new ArrayList<>(new TreeSet<>(other.alerts.keySet()));
        extra.removeAll(alerts.keySet());
        List<String> doubled = other.alertCopies.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
        List<String> changed = alerts.keySet().stream()
                .filter(id -> other.alerts.containsKey(id) && !alerts.get(id).equals(other.alerts.get(id)))
                .map(id -> id + ": " + alerts.get(id) + " -> " + other.alerts.get(id)).toList();
        return new Comparison(alerts.size(), other.alerts.size(), lost, extra, doubled, changed,
                tableDiff(storylines, other.storylines), tableDiff(exposures, other.exposures), tableDiff(states, other.states),
                tableDiff(assessments, other.assessments).stream()
                        .map(k -> k + ": " + assessments.get(k) + " -> " + other.assessments.get(k)).toList());
    }

    private static List<String> tableDiff(Map<String, String> reference, Map<String, String> other) {
        Map<String, String> union = new HashMap<>(reference);
        other.forEach(union::putIfAbsent);
        return union.keySet().stream().sorted()
                .filter(k -> !Objects.equals(reference.get(k), other.get(k))).toList();
    }

    /** Lost and doubled alerts, changed scores and differing table keys, each listed (the first few printed). */
    public record Comparison(int referenceAlerts, int alerts, List<String> lost, List<String> extra, List<String> doubled,
                             List<String> changedAlerts, List<String> storylineDiffs, List<String> exposureDiffs,
                             List<String> stateDiffs, List<String> assessmentDiffs) {

        public boolean identical() {
            return lost.isEmpty() && extra.isEmpty() && doubled.isEmpty() && changedAlerts.isEmpty() && storylineDiffs.isEmpty()
                    && exposureDiffs.isEmpty() && stateDiffs.isEmpty() && assessmentDiffs.isEmpty();
        }

        /**
         * Situations whose alert streams differ (an alert lost, extra or scored otherwise) but whose final
         * assessment is the same: a fact read before rather than after an event gives one alert at the final
         * band instead of an alert and an escalation. Differences that change a final assessment are in
         * {@link #assessmentDiffs} instead.
         */
        public java.util.Set<String> situationsReachingTheSameEnd() {
            java.util.Set<String> differing = new TreeSet<>();
            for (List<String> l : List.of(lost, extra, changedAlerts)) {
                l.forEach(entry -> differing.add(situationOf(entry)));
            }
            assessmentDiffs.forEach(d -> differing.remove(d.substring(0, d.lastIndexOf(": ", d.indexOf(" -> ")))));
            return differing;
        }

        private static String situationOf(String alertEntry) {
            String id = alertEntry.contains(": ") ? alertEntry.substring(0, alertEntry.indexOf(": ")) : alertEntry;
            return id.contains("#") ? SituationKey.AlertId.parse(id).situation() : id;
        }

        public String summary() {
            return String.format(java.util.Locale.ROOT,
                    "alerts %d (reference %d): %d lost, %d not in the reference, %d doubled, %d with another score; storylines differing %d, "
                            + "exposure rows differing %d, commodity states differing %d, final situation assessments differing %d%s",
                    alerts, referenceAlerts, lost.size(), extra.size(), doubled.size(), changedAlerts.size(), storylineDiffs.size(),
                    exposureDiffs.size(), stateDiffs.size(), assessmentDiffs.size(), identical() ? "" : "; first: " + first());
        }

        private String first() {
            for (List<String> l : List.of(lost, extra, doubled, changedAlerts, storylineDiffs, exposureDiffs, stateDiffs, assessmentDiffs)) {
                if (!l.isEmpty()) return String.join(", ", l.subList(0, Math.min(3, l.size())));
            }
            return "";
        }
    }
}
