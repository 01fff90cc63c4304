package io.supplyshock.scoring;

import io.supplyshock.schema.AlertType;
import io.supplyshock.schema.Explanation;
import io.supplyshock.schema.ExplanationInput;
import io.supplyshock.schema.PolicyAction;
import io.supplyshock.schema.PolicyInstrument;
import io.supplyshock.schema.ShockDirection;
import io.supplyshock.topics.Shock;
import io.supplyshock.topics.StageApi;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Assembles the scored shock of a market signal or a deadline milestone, so that it goes the way of a scored
 * policy or disruption ({@link ShockScorer}): exposure names the entities it reaches, alerting de-duplicates it
 * in its situation's ledger. The score is 100 times the product of the inputs' factors, so an analyst can
 * recompute it from the explanation.
 */
@StageApi
public final class ShockBuilder {

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
    private Shock.Kind kind = Shock.Kind.MARKET_SIGNAL;
    private PolicyAction action;
    private Shock.Instrument instrument;
    private String triggerEventId;
    private Instant eventTime;

    public ShockBuilder(AlertType type, String commodity) {
        this.type = type;
        this.commodity = commodity;
        this.instrument = new Shock.Instrument.Signal(type);
    }

    public ShockBuilder factor(String name, String value, double factor, String note) {
        inputs.add(SeverityModel.input(name, value, factor, note));
        product *= factor;
        return this;
    }

    /** An input that explains but does not weigh (factor 1). */
    public ShockBuilder fact(String name, String value, String note) {
        return factor(name, value, 1.0, note);
    }

    public ShockBuilder source(String eventId) {
        if (eventId != null) sources.add(eventId);
        return this;
    }

    public ShockBuilder trigger(String eventId, Instant eventTime) {
        this.triggerEventId = eventId;
        this.eventTime = eventTime;
        return source(eventId);
    }

    public ShockBuilder country(String country) { this.country = country; return this; }
    public ShockBuilder targets(List<String> targets) { this.targets = targets; return this; }
    public ShockBuilder dedupKey(String key) { this.dedupKey = key; return this; }
    public ShockBuilder group(String group) { this.group = group; return this; }
    public ShockBuilder direction(ShockDirection direction) { this.direction = direction; return this; }
    public ShockBuilder summary(String summary) { this.summary = summary; return this; }
    public ShockBuilder sourceText(String summary, String quote) { this.sourceSummary = summary; this.quote = quote; return this; }
    public ShockBuilder deadline(PolicyInstrument instrument, PolicyAction action) {
        this.kind = Shock.Kind.DEADLINE;
        this.instrument = new Shock.Instrument.Policy(instrument);
        this.action = action;
        return this;
    }

    public int score() {
        return SeverityModel.toScore(product);
    }

    public Shock build() {
        int score = score();
        return Shock.builder()
                .eventId(triggerEventId)
                .kind(kind)
                .alertType(type)
                .commodity(commodity)
                .issuerCountry(country)
                .targetCountries(targets)
                .instrument(instrument)
                .action(action)
                .direction(direction)
                .score(score)
                .severity(SeverityModel.severityOf(score))
                .dedupKey(dedupKey)
                .group(group)
                .eventTime(eventTime)
                .explanation(Explanation.newBuilder()
                        .setSummary(summary + "; score " + score)
                        .setInputs(inputs)
                        .setSourceEventIds(List.copyOf(sources))
                        .setQuote(quote)
                        .setSourceSummary(sourceSummary)
                        .build())
                .build();
    }
}
