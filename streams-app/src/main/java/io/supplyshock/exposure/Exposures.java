package io.supplyshock.exposure;

import io.supplyshock.schema.Contribution;
import io.supplyshock.schema.ExposureProfile;
import io.supplyshock.schema.ExposureRow;
import io.supplyshock.schema.ShockDirection;
import io.supplyshock.topics.Shock;

import java.time.Instant;
import java.util.ArrayList;
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
     * A commodity's contributions after a shock, oldest first: the shock's own is added last (a redelivered shock
     * replaces its earlier one and keeps the verdict of the relief that ended it), the contributions it ends become
     * inactive, and the oldest beyond the cap are dropped.
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
        list.add(Contribution.newBuilder()
                .setEventId(shock.eventId())
                .setScore(shock.score())
                .setSeverity(shock.severity())
                .setDirection(shock.direction())
                .setIssuerCountry(shock.issuerCountry())
                .setEventTime(shock.eventTime())
                .setActive(!endedBefore)
                .build());
        if (list.size() > MAX_CONTRIBUTIONS) {
            list = new ArrayList<>(list.subList(list.size() - MAX_CONTRIBUTIONS, list.size()));
        }
        return list;
    }

    public static boolean reaches(ExposureProfile profile, String issuerCountry) {
        return profile.getCountry() == null || profile.getCountry().equals(issuerCountry);
    }

    /** The row of one profile against its commodity's contributions, oldest first (none when no shock is known yet). */
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
