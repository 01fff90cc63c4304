package io.supplyshock.scoring;

import io.supplyshock.state.Fact;
import io.supplyshock.schema.DisruptionEvent;
import io.supplyshock.state.FactInContext;
import io.supplyshock.topics.Shock;
import io.supplyshock.topics.StoreNames;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Scores facts with {@link ShockScorer} and remembers each commodity's recent disruptions, so that a share
 * or consumption fact read after a disruption re-scores it as it re-scores the measures in force: the final
 * assessment of a disruption then does not depend on which of the two arrived first.
 */
final class ShockScoringProcessor implements FixedKeyProcessor<String, FactInContext, Shock> {

    /** Disruptions kept per commodity, newest first; older ones are no longer re-assessed. */
    static final int MAX_RECENT_DISRUPTIONS = 50;

    private final double capPct;
    private FixedKeyProcessorContext<String, Shock> context;
    private KeyValueStore<String, DisruptionEvent> recent;

    ShockScoringProcessor(double capPct) {
        this.capPct = capPct;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Shock> context) {
        this.context = context;
        this.recent = context.getStateStore(StoreNames.RECENT_DISRUPTIONS);
    }

    @Override
    public void process(FixedKeyRecord<String, FactInContext> record) {
        FactInContext in = record.value();
        for (Shock shock : ShockScorer.score(in, capPct)) context.forward(record.withValue(shock));
        switch (in.fact()) {
            case Fact.Disruption d -> remember(d.event());
            case Fact.Market m -> reassess(record, in, ShockScorer.evidenceOf(m.event()), m.eventId());
            case Fact.Profile p -> reassess(record, in, ShockScorer.evidenceOf(p.profile()), p.eventId());
            case Fact.Policy ignored -> { }
        }
    }

    private void reassess(FixedKeyRecord<String, FactInContext> record, FactInContext in, java.util.Set<String> evidence, String factId) {
        if (evidence.isEmpty()) return;
        for (Shock shock : ShockScorer.reassessDisruptions(in, disruptionsOf(in.latest().getCommodity()), evidence, factId, capPct)) {
            context.forward(record.withValue(shock));
        }
    }

    private void remember(DisruptionEvent e) {
        recent.put(key(e.getCommodity(), e.getEventId()), e);
        List<DisruptionEvent> all = disruptionsOf(e.getCommodity());
        for (int i = MAX_RECENT_DISRUPTIONS; i < all.size(); i++) {
            recent.delete(key(all.get(i).getCommodity(), all.get(i).getEventId()));
        }
    }

    /** The commodity's kept disruptions, newest first. */
    private List<DisruptionEvent> disruptionsOf(String commodity) {
        List<DisruptionEvent> out = new ArrayList<>();
        try (KeyValueIterator<String, DisruptionEvent> it = recent.prefixScan(commodity + "|", new org.apache.kafka.common.serialization.StringSerializer())) {
            it.forEachRemaining(kv -> out.add(kv.value));
        }
        out.sort(Comparator.comparing(DisruptionEvent::getEventTime).thenComparing(DisruptionEvent::getEventId).reversed());
        return out;
    }

    private static String key(String commodity, String eventId) {
        return commodity + "|" + eventId;
    }
}
