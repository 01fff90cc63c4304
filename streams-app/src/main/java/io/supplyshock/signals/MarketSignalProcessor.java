package io.supplyshock.signals;

import io.supplyshock.schema.internal.MarketPoint;
import io.supplyshock.schema.internal.MarketPointBlock;
import io.supplyshock.state.CommodityStates;
import io.supplyshock.state.Fact;
import io.supplyshock.state.FactInContext;
import io.supplyshock.topics.Shock;
import io.supplyshock.topics.RecentlyUsed;
import io.supplyshock.topics.SlotBlocks;
import io.supplyshock.topics.StoreNames;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Keeps each commodity's recent market points and runs the detectors on every fact. Each point sits in one of the
 * commodity's slots, stored in blocks of ten ({@link StoredWindow}), so a market fact rewrites the block of its slot
 * (the slot of the oldest it pushes out of a full window), never the commodity's whole window. Lateness is measured per commodity, against the newest event time
 * seen for it, not per task: the outcome then does not depend on how commodities happen to share partitions. A
 * market fact later than the grace period still updates the commodity state upstream, but cannot open or change a
 * signal window. The newest event time is that of the stored points, or of the clock entry written when the point
 * holding it leaves the window, so an ordinary fact writes no clock.
 */
final class MarketSignalProcessor implements FixedKeyProcessor<String, FactInContext, Shock> {

    private static final Logger LOG = LoggerFactory.getLogger(MarketSignalProcessor.class);

    private final SignalSettings settings;
    private final Consumer<String> onLate;
    private FixedKeyProcessorContext<String, Shock> context;
    private KeyValueStore<String, MarketPointBlock> blocks;
    private KeyValueStore<String, Long> clock;
    /**
     * The stored points of the commodities seen recently, so a fact reads no store. Derived from the store: dropped
     * whenever the task is (re)initialised, and for a commodity whose fact failed half-way.
     */
    private final Map<String, StoredWindow> recent = RecentlyUsed.map(CACHED_COMMODITIES);
    /** Commodities whose window stays in memory (at most 200 small points each). */
    static final int CACHED_COMMODITIES = 500;

    MarketSignalProcessor(SignalSettings settings, Consumer<String> onLate) {
        this.settings = settings;
        this.onLate = onLate;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Shock> context) {
        this.context = context;
        this.blocks = context.getStateStore(StoreNames.MARKET_POINT_BLOCKS);
        this.clock = context.getStateStore(StoreNames.MARKET_CLOCK);
        recent.clear();
    }

    @Override
    public void close() {
        recent.clear();
    }

    @Override
    public void process(FixedKeyRecord<String, FactInContext> record) {
        Fact fact = record.value().fact();
        if (!(fact instanceof Fact.Market) && !(fact instanceof Fact.Policy)) return;
        try {
            detect(record, fact);
        } catch (RuntimeException e) {
            recent.remove(fact.commodity());
            throw e;
        }
    }

    private void detect(FixedKeyRecord<String, FactInContext> record, Fact fact) {
        String commodity = fact.commodity();
        MarketWindow window;
        // Structural facts (undated shares and consumption) are knowledge, not points of a time series.
        if (fact instanceof Fact.Market market && !CommodityStates.isStructural(market.event())) {
            StoredWindow stored = read(commodity);
            Long clocked = clock.get(commodity);
            Instant newest = newest(clocked, stored);
            if (MarketPoints.isLate(newest, fact.eventTime(), settings.grace())) {
                LOG.info("market fact {} on {} is later than the {}-day grace period (event time {}, newest {}): kept in the state, not used for signals",
                        fact.eventId(), commodity, settings.grace().toDays(), fact.eventTime(), newest);
                onLate.accept(commodity);
                return;
            }
            window = add(commodity, stored, clocked, MarketPoints.of(market.event()));
        } else {
            window = MarketWindow.readOnUse(commodity, () -> read(commodity).points());
        }
        for (Shock signal : MarketSignals.detect(fact, window, record.value().latest(), settings)) {
            context.forward(record.withValue(signal));
        }
    }

    /**
     * Adds the point to the commodity's window and writes only the blocks whose slots changed: the point's, and those
     * of the points it pushed out. The clock is written only when a point leaving the store takes the newest event
     * time with it.
     */
    private MarketWindow add(String commodity, StoredWindow stored, Long clocked, MarketPoint point) {
        StoredWindow.Added added = stored.add(point, keepDays());
        for (int index : added.changedBlocks()) {
            MarketPointBlock block = stored.block(index);
            if (block == null) {
                blocks.delete(stored.blockKey(index));
            } else {
                blocks.put(stored.blockKey(index), block);
            }
        }
        if (added.left().isAfter(newest(clocked, stored))) clock.put(commodity, added.left().toEpochMilli());
        return MarketWindow.over(commodity, stored.points());
    }

    /**
     * The commodity's stream time: the newest event time of its stored points, or of the clock, which keeps the
     * newest time of points no longer stored (the epoch before any).
     */
    private static Instant newest(Long clocked, StoredWindow stored) {
        Instant newest = stored.newestEventTime();
        return clocked != null && clocked > newest.toEpochMilli() ? Instant.ofEpochMilli(clocked) : newest;
    }

    /** The commodity's points, read with one prefix scan when it is not in memory. */
    private StoredWindow read(String commodity) {
        return recent.computeIfAbsent(commodity, this::scan);
    }

    private StoredWindow scan(String commodity) {
        StoredWindow found = new StoredWindow(commodity);
        SlotBlocks.readAll(blocks, MarketPointKey.prefix(commodity), found::load);
        return found;
    }

    private int keepDays() {
        return settings.spikeWindowDays() + (int) settings.grace().toDays();
    }
}
