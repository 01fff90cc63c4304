package io.supplyshock.scoring;

import io.supplyshock.topics.StageApi;

import java.util.List;
import java.util.stream.Collectors;

/**
 * How soon something bites, as a factor of its score: the days until a measure takes effect, the lead of a
 * countdown before its deadline, the days until an inventory drawn down reaches its baseline. One step serves all
 * three, so that a measure weighs the same for its time to effect whether its own alert or its countdown says it.
 *
 * <p>The breakpoints are a buyer's horizons, not the configured countdown leads (those are a setting):
 * <ul>
 *   <li>now (in effect, due today): 1.0;</li>
 *   <li>within a quarter, 0.95: it bites before a buyer can re-source, as safety stocks and sea freight are both
 *       counted in weeks to a few months, so it weighs nearly as much as a measure in force;</li>
 *   <li>within a year, 0.8: the next annual contract round can still move;</li>
 *   <li>later, 0.6: time to find another source, which is not the same as no risk.</li>
 * </ul>
 * The analyst labels bear the quarter out: a step that discounted a month to 0.9 and a quarter to 0.85 took the
 * quota an analyst says "caps it within weeks" (u3 of the development labels) below the band the analyst gave it.
 */
@StageApi
public final class TimeToEffect {

    private record Step(long withinDays, double factor) {
    }

    private static final List<Step> STEPS = List.of(new Step(0, 1.0), new Step(90, 0.95), new Step(365, 0.8));
    private static final double LATER = 0.6;

    private TimeToEffect() {
    }

    /** The factor of something {@code days} away; zero or fewer days is now. */
    public static double factor(long days) {
        return STEPS.stream().filter(s -> days <= s.withinDays()).findFirst().map(Step::factor).orElse(LATER);
    }

    /** The step as an explanation states it. */
    public static String describe() {
        return STEPS.stream()
                .map(s -> (s.withinDays() == 0 ? "now " : "within " + s.withinDays() + " days ") + s.factor())
                .collect(Collectors.joining(", ")) + ", later " + LATER;
    }
}
