package io.supplyshock.signals;


import io.supplyshock.scoring.ShockBuilder;
import io.supplyshock.state.Measures;
import io.supplyshock.scoring.SeverityModel;
import io.supplyshock.schema.AlertType;
import io.supplyshock.schema.CommodityState;
import io.supplyshock.schema.Explanation;
import io.supplyshock.schema.MarketMetric;
import io.supplyshock.schema.Measure;
import io.supplyshock.schema.internal.MarketPoint;
import io.supplyshock.topics.Shock;
import io.supplyshock.topics.SituationKey;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import static io.supplyshock.scoring.SeverityModel.fmt;

/**
 * PRICE_SPIKE: a price moved up by at least the threshold within the spike window. The move is either
 * stated (a PRICE_MOVE in percent over a known window, as the news gives it: tungsten +229% in 2025)
 * or measured between two price levels of one venue and unit. A tightening policy on the commodity
 * dated inside the window, or shortly before it, is named as the cause the market confirmed.
 */
final class PriceSpikes {

    private PriceSpikes() {
    }

    static Optional<Shock> detect(MarketPoint p, MarketWindow history, CommodityState state, SignalSettings s) {
        if (p.getMetric() == MarketMetric.PRICE_MOVE) return stated(p, state, s);
        // A price reported with the level it rose from is a stated move, when the series has no earlier point to measure from.
        if (p.getMetric() == MarketMetric.PRICE) return measured(p, history, state, s).or(() -> stated(p, state, s));
        return Optional.empty();
    }

    private static Optional<Shock> stated(MarketPoint p, CommodityState state, SignalSettings s) {
        Optional<Double> pct = statedRisePct(p);
        if (pct.isEmpty()) return Optional.empty();
        long days = MarketPoints.windowDays(p);
        if (days < 0 || days > s.spikeWindowDays() || pct.get() < s.spikePct()) return Optional.empty();
        String move = "pct".equals(p.getUnit())
                ? "+" + fmt(p.getValue()) + (p.getValueMax() == null ? "" : "-" + fmt(p.getValueMax())) + "%"
                : String.format(Locale.ROOT, "+%.0f%% (%s)", pct.get(), "x".equals(p.getUnit()) ? fmt(p.getValue()) + "x"
                        : fmt(p.getPreviousValue()) + " -> " + fmt(p.getValue()) + " " + p.getUnit());
        return Optional.of(builder(p, p.getWindowStart(), pct.get(), move, state, s).build());
    }

    /**
     * A rise the news reports over a period, in percent: stated in percent ("up 229% in 2025"), as a multiple
     * ("nearly doubled": 2x is +100%), or as two levels of one unit ("from $300 to $600 a tonne"). Even without a
     * price series, a reported move is evidence.
     */
    static Optional<Double> statedRisePct(MarketPoint p) {
        if (!MarketPoints.isUp(p)) return Optional.empty();
        if ("pct".equals(p.getUnit())) return Optional.of(p.getValue());
        if ("x".equals(p.getUnit())) return p.getValue() > 1 ? Optional.of((p.getValue() - 1) * 100) : Optional.empty();
        if (p.getPreviousValue() != null && p.getPreviousValue() > 0 && p.getValue() > p.getPreviousValue()) {
            return Optional.of((p.getValue() - p.getPreviousValue()) / p.getPreviousValue() * 100);
        }
        return Optional.empty();
    }

    private static Optional<Shock> measured(MarketPoint p, MarketWindow history, CommodityState state, SignalSettings s) {
        if (p.getValue() == null || p.getValue() <= 0) return Optional.empty();
        // The lowest earlier price of the same series within the spike window (the earliest of equal lows). A plain
        // loop: it runs over the whole window for every price, so a point no lower than the low found so far is
        // passed over on its value before its series is compared (four string comparisons a point).
        LocalDate earliest = p.getWindowEnd().minusDays(s.spikeWindowDays());
        MarketPoint low = null;
        for (MarketPoint q : history.points()) {
            Double value = q.getValue();
            if (q.getMetric() != MarketMetric.PRICE || value == null || value <= 0) continue;
            int lower = low == null ? -1 : Double.compare(value, low.getValue());
            if (lower > 0 || lower == 0 && !q.getWindowEnd().isBefore(low.getWindowEnd())) continue;
            if (q.getWindowEnd().isAfter(p.getWindowEnd()) || q.getWindowEnd().isBefore(earliest)) continue;
            if (q.getEventId().equals(p.getEventId()) || !q.getRawSubtype().equals(p.getRawSubtype())
                    || !Objects.equals(q.getVenue(), p.getVenue()) || !Objects.equals(q.getUnit(), p.getUnit())) continue;
            low = q;
        }
        Optional<MarketPoint> trough = Optional.ofNullable(low);
        if (trough.isEmpty()) return Optional.empty();
        double pct = (p.getValue() - trough.get().getValue()) / trough.get().getValue() * 100.0;
        if (pct < s.spikePct()) return Optional.empty();
        String move = String.format(Locale.ROOT, "+%.0f%% (%s -> %s %s)", pct, fmt(trough.get().getValue()), fmt(p.getValue()),
                p.getUnit() == null ? "" : p.getUnit());
        ShockBuilder shock = builder(p, trough.get().getWindowEnd(), pct, move, state, s);
        return Optional.of(shock.source(trough.get().getEventId()).build());
    }

    private static ShockBuilder builder(MarketPoint p, LocalDate from, double pct, String move, CommodityState state, SignalSettings s) {
        ShockBuilder shock = new ShockBuilder(AlertType.PRICE_SPIKE, state.getCommodity())
                .trigger(p.getEventId(), p.getEventTime())
                .dedupKey(SituationKey.OfSignal.of(AlertType.PRICE_SPIKE, state.getCommodity(), MarketPoints.venue(p), from).value())
                .sourceText(p.getSummary(), null)
                .factor("price_move", move + " from " + from + " to " + p.getWindowEnd(), magnitude(pct),
                        "0.4 + 0.5 x move/200%, at most 1; threshold " + fmt(s.spikePct()) + "% within "
                                + s.spikeWindowDays() + " days");
        Optional<Measure> cause = cause(state, from, p.getWindowEnd(), s.spikeLinkDays());
        String summary = String.format(Locale.ROOT, "%s price %s between %s and %s", state.getCommodity(), move, from, p.getWindowEnd());
        if (cause.isPresent()) {
            Measure m = cause.get();
            shock.source(m.getEventId())
                    .country(m.getIssuerCountry())
                    .factor("policy_link", m.getEventId() + " " + m.getInstrument() + " by " + orUnknown(m.getIssuerCountry())
                            + " dated " + dateOf(m), 1.0, "policy confirmed by the market: a tightening dated within the window or "
                            + s.spikeLinkDays() + " days before it");
            summary += String.format(Locale.ROOT, "; confirms %s %s (%s)", orUnknown(m.getIssuerCountry()),
                    m.getInstrument().name().toLowerCase(Locale.ROOT).replace('_', ' '), m.getEventId());
        } else {
            shock.factor("policy_link", "none", 0.85, "no tightening policy on " + state.getCommodity() + " near the window");
        }
        return shock.summary(summary);
    }

    /**
     * Spikes already in the history that a tightening measure, arriving after their prices, now explains.
     * Whether a spike exists never depends on the link, only its score does; re-running the detector on
     * each price point against the state that now holds the measure gives exactly what the detector would
     * have said had the policy come first, so the situation ends at the same assessment in either order.
     * Only spikes whose best cause is now this very measure are re-assessed; the rest are unchanged.
     */
    static List<Shock> relink(Measure measure, MarketWindow history, CommodityState state, SignalSettings s) {
        LocalDate dated = dateOf(measure);
        if (!Measures.tightens(measure.getAction()) || dated == null) return List.of();
        // A spike can only link to a measure dated inside [its start - linkDays, its end], and its start is at most
        // the spike window before its end: points ending outside that range are skipped before any detection runs.
        // With news in time order that is nearly every point, so a policy costs a date comparison per point.
        LocalDate latestEnd = dated.plusDays(s.spikeWindowDays() + (long) s.spikeLinkDays());
        List<Shock> out = new ArrayList<>();
        for (MarketPoint p : history.points()) {
            if (p.getMetric() != MarketMetric.PRICE && p.getMetric() != MarketMetric.PRICE_MOVE) continue;
            if (p.getWindowEnd() == null || p.getWindowEnd().isBefore(dated) || p.getWindowEnd().isAfter(latestEnd)) continue;
            detect(p, history, state, s)
                    .filter(spike -> spike.explanation().getSourceEventIds().contains(measure.getEventId()))
                    .map(spike -> relinked(spike, measure))
                    .ifPresent(out::add);
        }
        return out;
    }

    private static Shock relinked(Shock spike, Measure measure) {
        var explanation = spike.explanation();
        return spike.toBuilder()
                .reassessedBy(measure.getEventId())
                .explanation(Explanation.newBuilder(explanation)
                        .setSummary("re-linked on " + measure.getEventId() + ", which arrived after the price: " + explanation.getSummary())
                        .build())
                .build();
    }

    static double magnitude(double pct) {
        return Math.min(1.0, 0.4 + 0.5 * pct / 200.0);
    }

    /** The strongest tightening measure on the commodity dated inside the window or up to linkDays before it (earliest on a tie). */
    static Optional<Measure> cause(CommodityState state, LocalDate from, LocalDate to, int linkDays) {
        LocalDate earliest = from.minusDays(linkDays);
        return state.getMeasures().stream()
                .filter(m -> Measures.tightens(m.getAction()) && dateOf(m) != null)
                .filter(m -> !dateOf(m).isBefore(earliest) && !dateOf(m).isAfter(to))
                .max(Comparator.comparingDouble((Measure m) -> SeverityModel.stringencyOf(m.getInstrument()))
                        .thenComparing(PriceSpikes::dateOf, Comparator.reverseOrder()));
    }

    private static LocalDate dateOf(Measure m) {
        return m.getAnnouncedOn() != null ? m.getAnnouncedOn() : m.getEffectiveOn();
    }

    private static String orUnknown(String country) {
        return country == null ? "unknown issuer" : country;
    }
}
