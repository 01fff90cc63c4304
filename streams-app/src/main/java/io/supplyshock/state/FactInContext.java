package io.supplyshock.state;

import io.supplyshock.schema.CommodityState;
import io.supplyshock.schema.Measure;
import io.supplyshock.topics.StageApi;

import java.util.List;

/**
 * A fact joined with its commodity's state: {@code atEventTime} is the state as it stood when the fact
 * happened (what scoring must use), {@code latest} the newest state after folding the fact in (what
 * the state topic publishes), and {@code ended} the measures this fact paused or lifted.
 */
@StageApi
public record FactInContext(Fact fact, CommodityState atEventTime, CommodityState latest, List<Measure> ended) {
}
