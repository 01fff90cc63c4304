package io.supplyshock.alerting;

import io.supplyshock.schema.Alert;
import io.supplyshock.schema.Storyline;
import io.supplyshock.schema.StorylineAlert;
import io.supplyshock.schema.internal.SituationSequence;
import io.supplyshock.schema.internal.StorylineTally;
import io.supplyshock.topics.SituationKey;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A storyline across commodities, as {@code supply.storylines} publishes it, folded from its alerts in the order
 * they arrive. Alerts of different commodities arrive in no fixed order, so the listed alerts are sorted by event
 * time and the commodities by name: a replay publishes the same final record.
 */
final class Storylines {

    public static final int MAX_ALERTS = 20;
    public static final int MAX_COMMODITIES = 20;
    /**
     * Situations remembered to count each alert once. A situation's alerts come from one task, in order, so its
     * highest sequence counted tells a redelivered alert from a new one; a redelivery of a situation forgotten
     * since would count again.
     */
    public static final int MAX_SITUATIONS = 200;

    private static final Comparator<StorylineAlert> BY_EVENT_TIME =
            Comparator.comparing(StorylineAlert::getEventTime).thenComparing(StorylineAlert::getAlertId);

    private Storylines() {
    }

    /** The tally with the alert counted, or empty when the alert was counted already. */
    public static Optional<StorylineTally> count(StorylineTally tally, Alert alert) {
        SituationKey.AlertId id = SituationKey.AlertId.parse(alert.getAlertId());
        List<SituationSequence> situations = new ArrayList<>(tally == null ? List.of() : tally.getSituations());
        Optional<SituationSequence> last = situations.stream().filter(s -> s.getSituation().equals(id.situation())).findFirst();
        if (last.isPresent() && last.get().getSequence() >= id.sequence()) return Optional.empty();
        situations.removeIf(s -> s.getSituation().equals(id.situation()));
        situations.add(new SituationSequence(id.situation(), id.sequence()));
        if (situations.size() > MAX_SITUATIONS) situations.removeFirst();

        Storyline before = tally == null ? null : tally.getStoryline();
        List<StorylineAlert> alerts = new ArrayList<>(before == null ? List.of() : before.getAlerts());
        alerts.add(new StorylineAlert(alert.getAlertId(), alert.getCommodity(), alert.getAlertType(), alert.getSeverity(),
                alert.getScore(), alert.getEventTime()));
        alerts.sort(BY_EVENT_TIME);
        if (alerts.size() > MAX_ALERTS) alerts = new ArrayList<>(alerts.subList(alerts.size() - MAX_ALERTS, alerts.size()));
        TreeSet<String> commodities = new TreeSet<>(before == null ? List.of() : before.getCommodities());
        if (commodities.size() < MAX_COMMODITIES) commodities.add(alert.getCommodity());

        Storyline storyline = Storyline.newBuilder()
                .setStorylineId(alert.getStorylineId())
                .setAlertCount((before == null ? 0 : before.getAlertCount()) + 1)
                .setAlerts(alerts)
                .setCommodities(new ArrayList<>(commodities))
                .setUpdatedAt(alert.getDetectedAt())
                .build();
        return Optional.of(new StorylineTally(storyline, situations));
    }
}
