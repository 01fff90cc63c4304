package io.supplyshock.scoring;

import io.supplyshock.schema.internal.ScoredShock;
import io.supplyshock.state.FactInContext;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;

/** Stage 3: score every policy event and disruption against the commodity state valid at its event time. */
public final class ShockScoringTopology {

    private ShockScoringTopology() {
    }

    public static KStream<String, ScoredShock> build(KStream<String, FactInContext> inContext, double concentrationCapPct) {
        return inContext
                .flatMapValues(in -> ShockScorer.score(in, concentrationCapPct), Named.as("score-shocks"));
    }
}
