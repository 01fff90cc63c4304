package io.supplyshock.signals;

import io.supplyshock.state.CommodityStates;
import io.supplyshock.state.Fact;
import io.supplyshock.schema.internal.MarketHistory;
import io.supplyshock.state.FactInContext;
import io.supplyshock.topics.Shock;
import io.supplyshock.topics.StoreNames;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Consumer;

/**
 * Keeps each commodity's recent market points and runs the detectors on every fact. Lateness is measured
 * per commodity, against the newest event time seen for it, not per task: the outcome then does not
 * depend on how commodities happen to share partitions. A market fact later than the grace period still
 * updates the commodity state upstream, but cannot open or change a signal window.
 */
final class MarketSignalProcessor implements FixedKeyProcessor<String, FactInContext, Shock> {

    private static final Logger LOG = LoggerFactory.getLogger(MarketSignalProcessor.class);

    private final SignalSettings settings;
    private final Consumer<String> onLate;
    private FixedKeyProcessorContext<String, Shock> context;
    private KeyValueStore<String, MarketHistory> histories;

    MarketSignalProcessor(SignalSettings settings, Consumer<String> onLate) {
        this.settings = settings;
        this.onLate = onLate;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Shock> context) {
        this.context = context;
        this.histories = context.getStateStore(StoreNames.MARKET_HISTORY);
    }

    @Override
    public void process(FixedKeyRecord<String, FactInContext> record) {
        Fact fact = record.value().fact();
        if (!(fact instanceof Fact.Market) && !(fact instanceof Fact.Policy)) return;
        String commodity = fact.commodity();
        MarketHistory history = histories.get(commodity);
        if (history == null) history = MarketPoints.empty(commodity);
        // Structural facts (undated shares and consumption) are knowledge, not points of a time series.
        if (fact instanceof Fact.Market market && !CommodityStates.isStructural(market.event())) {
            if (MarketPoints.isLate(history, fact.eventTime(), settings.grace())) {
                LOG.info("market fact {} on {} is later than the {}-day grace period (event time {}, newest {}): kept in the state, not used for signals",
                        fact.eventId(), commodity, settings.grace().toDays(), fact.eventTime(), history.getNewestEventTime());
                onLate.accept(commodity);
                return;
            }
            history = MarketPoints.add(history, MarketPoints.of(market.event()), keepDays());
            histories.put(commodity, history);
        }
        for (Shock signal : MarketSignals.detect(fact, history, record.value().latest(), settings)) {
            context.forward(record.withValue(signal));
        }
    }

    private int keepDays() {
        return settings.spikeWindowDays() + (int) settings.grace().toDays();
    }
}
