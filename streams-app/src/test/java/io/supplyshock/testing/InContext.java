package io.supplyshock.testing;

import io.supplyshock.state.CommodityStates;
import io.supplyshock.state.Fact;
import io.supplyshock.schema.CommodityState;
import io.supplyshock.schema.Measure;
import io.supplyshock.state.FactInContext;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Facts joined with their commodity's state, as the state stage hands them to scoring and signals when they
 * arrive in event-time order: each sees the state the facts before it built. The tests of the stages after
 * state use it to write their input without running the state stage.
 */
public final class InContext {

    private final Map<String, CommodityState> latest = new HashMap<>();

    public FactInContext next(Fact fact) {
        CommodityState before = latest.getOrDefault(fact.commodity(), CommodityStates.empty(fact.commodity()));
        CommodityStates.Applied applied = CommodityStates.apply(before, fact);
        latest.put(fact.commodity(), applied.state());
        List<Measure> ended = before.getMeasures().stream().filter(m -> applied.endedEventIds().contains(m.getEventId())).toList();
        return new FactInContext(fact, before, applied.state(), ended);
    }

    public CommodityState latest(String commodity) {
        return latest.get(commodity);
    }
}
