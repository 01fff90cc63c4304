package io.supplyshock.exposure;

import io.supplyshock.schema.Contribution;
import io.supplyshock.schema.ExposureProfile;
import io.supplyshock.schema.ExposureRow;
import io.supplyshock.schema.ShockDirection;
import io.supplyshock.topics.Shock;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * The exposure arithmetic, as plain functions: an exposure row is a pure function of one profile and its
 * commodity's shocks, so it comes out the same whichever of the two arrived first.
 */
public final class Exposures {

    /** Bound on the shocks remembered per commodity, so that a noisy commodity cannot grow a row without limit. */
    static final int MAX_CONTRIBUTIONS = 50;

    private Exposures() {
    }

    /**
     * The order of a commodity's contributions: by event time, then event id. Shocks of one commodity come from
     * several input topics, whose interleaving in a task depends on fetch timing; ordering (and capping) by what
     * the shocks say rather than by when they arrived makes a row the same in a replay, after a crash and live.
     */
    public static final Comparator<Contribution> CANONICAL =
            Comparator.comparing(Contribution::getEventTime).thenComparing(Contribution::getEventId);

    /**
     * A commodity's contributions after a shock, in {@link #CANONICAL} order (the input must be in it too): the
     * shock's own is added (a redelivered shock replaces its earlier one and keeps the verdict of the relief that
     * ended it), the contributions it ends become inactive, and beyond the cap those of the earliest events are
     * dropped, so a late shock older than all the kept ones changes nothing.
     */
    public static List<Contribution> addShock(Shock shock, List<Contribution> contributions) {
        List<Contribution> list = new ArrayList<>();
        boolean endedBefore = false;
        for (Contribution c : contributions) {
            if (c.getEventId().equals(shock.eventId())) {
                endedBefore = !c.getActive();
                continue;
            }
            list.add(shock.endedEventIds().contains(c.getEventId())
                    ? Contribution.newBuilder(c).setActive(false).build() : c);
        }
        Contribution own = Contribution.newBuilder()
                .setEventId(shock.eventId())
                .setScore(shock.score())
                .setSeverity(shock.severity())
                .setDirection(shock.direction())
                .setIssuerCountry(shock.issuerCountry())
                .setEventTime(shock.eventTime())
                .setActive(!endedBefore)
                .build();
        int at = Collections.binarySearch(list, own, CANONICAL);
        list.add(at < 0 ? -at - 1 : at, own);
        if (list.size() > MAX_CONTRIBUTIONS) {
            list = new ArrayList<>(list.subList(list.size() - MAX_CONTRIBUTIONS, list.size()));
        }
        return list;
    }

    public static boolean reaches(ExposureProfile profile, String issuerCountry) {
        return profile.getCountry() == null || profile.getCountry().equals(issuerCountry);
    }

    /** The row of one profile against its commodity's contributions in {@link #CANONICAL} order (none when no shock is known yet). */
    public static ExposureRow row(ExposureProfile p, List<Contribution> contributions) {
        List<Contribution> reaching = contributions.stream().filter(c -> reaches(p, c.getIssuerCountry())).toList();
        int commodityScore = reaching.stream()
                .filter(c -> c.getActive() && c.getDirection() == ShockDirection.ESCALATION)
                .mapToInt(Contribution::getScore).max().orElse(0);
        Instant updated = reaching.stream().map(Contribution::getEventTime).max(Comparator.naturalOrder()).orElse(Instant.EPOCH);
        return ExposureRow.newBuilder()
                .setEntityId(p.getEntityId())
                .setEntityName(p.getEntityName())
                .setCommodity(p.getCommodity())
                .setCountry(p.getCountry())
                .setWeight(p.getWeight())
                .setRole(p.getRole())
                .setCommodityShockScore(commodityScore)
                .setShockScore((int) Math.round(commodityScore * p.getWeight()))
                .setContributions(reaching)
                .setUpdatedAt(updated)
                .build();
    }
}
