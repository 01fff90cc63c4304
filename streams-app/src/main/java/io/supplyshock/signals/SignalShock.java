package io.supplyshock.signals;

import io.supplyshock.domain.SeverityModel;
import io.supplyshock.schema.AlertType;
import io.supplyshock.schema.Explanation;
import io.supplyshock.schema.ExplanationInput;
import io.supplyshock.schema.ShockDirection;
import io.supplyshock.schema.internal.ScoredShock;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Assembles a market signal or deadline milestone into the same scored-shock shape as a policy shock,
 * so that it meets the same exposure join and the same de-duplication ledger. The score is 100 times
 * the product of the inputs' factors, as for shocks.
 */
final class SignalShock {

    private final AlertType type;
    private final String commodity;
    private final List<ExplanationInput> inputs = new ArrayList<>();
    private final Set<String> sources = new LinkedHashSet<>();
    private double product = 1.0;
    private String country;
    private List<String> targets = List.of();
    private String dedupKey;
    private String group;
    private ShockDirection direction = ShockDirection.ESCALATION;
    private String summary;
    private String sourceSummary;
    private String quote;
    private String eventKind = "MARKET_SIGNAL";
    private String action;
    private String instrument;
    private String triggerEventId;
    private Instant eventTime;

    SignalShock(AlertType type, String commodity) {
        this.type = type;
        this.commodity = commodity;
        this.instrument = type.name();
    }

    SignalShock factor(String name, String value, double factor, String note) {
        inputs.add(SeverityModel.input(name, value, factor, note));
        product *= factor;
        return this;
    }

    /** An input that explains but does not weigh (factor 1). */
    SignalShock fact(String name, String value, String note) {
        return factor(name, value, 1.0, note);
    }

    SignalShock source(String eventId) {
        if (eventId != null) sources.add(eventId);
        return this;
    }

    SignalShock trigger(String eventId, Instant eventTime) {
        this.triggerEventId = eventId;
        this.eventTime = eventTime;
        return source(eventId);
    }

    SignalShock country(String country) { this.country = country; return this; }
    SignalShock targets(List<String> targets) { this.targets = targets; return this; }
    SignalShock dedupKey(String key) { this.dedupKey = key; return this; }
    SignalShock group(String group) { this.group = group; return this; }
    SignalShock direction(ShockDirection direction) { this.direction = direction; return this; }
    SignalShock summary(String summary) { this.summary = summary; return this; }
    SignalShock sourceText(String summary, String quote) { this.sourceSummary = summary; this.quote = quote; return this; }
    SignalShock deadline(String instrument, String action) {
        this.eventKind = "DEADLINE";
        this.instrument = instrument;
        this.action = action;
        return this;
    }

    int score() {
        return SeverityModel.toScore(product);
    }

    ScoredShock build() {
        int score = score();
        return ScoredShock.newBuilder()
                .setEventId(triggerEventId)
                .setEventKind(eventKind)
                .setAlertType(type)
                .setCommodity(commodity)
                .setIssuerCountry(country)
                .setTargetCountries(targets)
                .setInstrument(instrument)
                .setAction(action)
                .setDirection(direction)
                .setScore(score)
                .setSeverity(SeverityModel.severityOf(score))
                .setDedupKey(dedupKey)
                .setGroup(group)
                .setEventTime(eventTime)
                .setExplanation(Explanation.newBuilder()
                        .setSummary(summary + "; score " + score)
                        .setInputs(inputs)
                        .setSourceEventIds(List.copyOf(sources))
                        .setQuote(quote)
                        .setSourceSummary(sourceSummary)
                        .build())
                .build();
    }
}
