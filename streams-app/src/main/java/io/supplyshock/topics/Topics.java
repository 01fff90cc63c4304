package io.supplyshock.topics;

import io.supplyshock.schema.Alert;
import io.supplyshock.schema.CommodityState;
import io.supplyshock.schema.CommoditySupplyProfile;
import io.supplyshock.schema.DeadLetter;
import io.supplyshock.schema.DisruptionEvent;
import io.supplyshock.schema.ExposureProfile;
import io.supplyshock.schema.ExposureRow;
import io.supplyshock.schema.MarketEvent;
import io.supplyshock.schema.PolicyEvent;
import io.supplyshock.schema.Storyline;
import io.supplyshock.schema.internal.AlertLedgerEntry;
import io.supplyshock.schema.internal.DeadlineMilestone;
import io.supplyshock.schema.internal.ContributionBlock;
import io.supplyshock.schema.internal.MarketPointBlock;
import io.supplyshock.schema.internal.StatePart;
import io.supplyshock.schema.internal.ScoredShock;
import io.supplyshock.schema.internal.StorylineSlice;
import io.supplyshock.schema.internal.StorylineTally;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

import java.util.List;
import java.util.function.Function;

/**
 * The one registry of topics, their keys and their serdes.
 *
 * <p>Keys: every input and the commodity state are keyed by commodity id, so that one commodity's
 * events, profile and state meet in the same partition (each fact meets its commodity's state in one
 * task, in per-commodity order). Exposure profiles are keyed by profile id and re-keyed by commodity inside the
 * pipeline; exposure rows are keyed by {@code entity|commodity|country} and partitioned by entity,
 * so one entity's rows live together. Alerts are keyed by commodity and partitioned by storyline
 * ({@link AlertPartitioning}), storylines keyed by storyline id; dead letters by source topic.
 */
public final class Topics {

    public static final String POLICY_EVENTS = "supply.policy-events";
    public static final String MARKET_EVENTS = "supply.market-events";
    public static final String DISRUPTION_EVENTS = "supply.disruption-events";
    public static final String COMMODITY_PROFILES = "supply.commodity-profiles";
    public static final String EXPOSURE_PROFILES = "supply.exposure-profiles";
    public static final String COMMODITY_STATE = "supply.commodity-state";
    public static final String EXPOSURES = "supply.exposures";
    public static final String ALERTS = "supply.alerts";
    /** The table of storylines across commodities, written after the alerts: join an alert's storylineId to it. */
    public static final String STORYLINES = "supply.storylines";
    public static final String DEAD_LETTERS = "supply.dead-letters";
    /** JSON run reports of the command-line publishers, metered by the app (see PublisherReport). */
    public static final String PUBLISHER_REPORTS = "supply.publisher-reports";

    /**
     * Key of an exposure profile and of its exposure row: {@code entityId|commodity|country}, country
     * empty when the profile covers any supplying country. The one definition of that key.
     */
    public static String exposureKey(String entityId, String commodity, String country) {
        return entityId + "|" + commodity + "|" + (country == null ? "" : country);
    }

    /** Whether {@code key} has the three parts of an exposure key (entity, commodity, country). */
    public static boolean isExposureKey(String key) {
        return key != null && key.split("\\|", -1).length == 3;
    }

    /** The same profile keyed commodity first, so that one commodity's profiles are one prefix scan. */
    public static String commodityFirstKey(String exposureKey) {
        String[] parts = exposureKey.split("\\|", -1);
        if (parts.length != 3) throw new IllegalArgumentException("exposure key must be entity|commodity|country, got '" + exposureKey + "'");
        return parts[1] + "|" + parts[0] + "|" + parts[2];
    }

    /** The inverse of {@link #commodityFirstKey}: commodity|entity|country back to entity|commodity|country. */
    public static String exposureKeyOfCommodityFirst(String key) {
        String[] parts = key.split("\\|", -1);
        if (parts.length != 3) throw new IllegalArgumentException("key must be commodity|entity|country, got '" + key + "'");
        return parts[1] + "|" + parts[0] + "|" + parts[2];
    }

    public static String commodityOfCommodityFirstKey(String key) {
        int bar = key.indexOf('|');
        return bar < 0 ? key : key.substring(0, bar);
    }

    public static String entityOfExposureKey(String exposureKey) {
        int bar = exposureKey.indexOf('|');
        return bar < 0 ? exposureKey : exposureKey.substring(0, bar);
    }

    public record Topic<V>(String name, Serde<String> keySerde, Serde<V> valueSerde, boolean compacted) {
        public Consumed<String, V> consumed() {
            return Consumed.with(keySerde, valueSerde).withName("source-" + name);
        }

        public Produced<String, V> produced() {
            return Produced.with(keySerde, valueSerde).withName("sink-" + name);
        }
    }

    private final AvroSerdes serdes;
    private final Topic<PolicyEvent> policyEvents;
    private final Topic<MarketEvent> marketEvents;
    private final Topic<DisruptionEvent> disruptionEvents;
    private final Topic<CommoditySupplyProfile> commodityProfiles;
    private final Topic<ExposureProfile> exposureProfiles;
    private final Topic<CommodityState> commodityState;
    private final Topic<ExposureRow> exposures;
    private final Topic<Alert> alerts;
    private final Topic<Storyline> storylines;
    private final Topic<DeadLetter> deadLetters;
    private final Topic<String> publisherReports = new Topic<>(PUBLISHER_REPORTS, Serdes.String(), Serdes.String(), false);
    // Internal serdes are made once: each registry-backed serde holds its own client and schema cache.
    private final Serde<Shock> shockSerde;
    private final Serde<ContributionBlock> contributionBlockSerde;
    private final Serde<AlertLedgerEntry> alertLedgerSerde;
    private final Serde<StorylineSlice> storylineSliceSerde;
    private final Serde<StorylineTally> storylineTallySerde;
    private final Serde<MarketPointBlock> marketPointBlockSerde;
    private final Serde<DeadlineMilestone> deadlineMilestoneSerde;
    private final Serde<StatePart> statePartSerde;

    public Topics(AvroSerdes serdes) {
        this.serdes = serdes;
        shockSerde = converting(serdes.valueSerde(ScoredShock.class), Shock::toAvro, Shock::fromAvro);
        contributionBlockSerde = serdes.valueSerde(ContributionBlock.class);
        alertLedgerSerde = serdes.valueSerde(AlertLedgerEntry.class);
        storylineSliceSerde = serdes.valueSerde(StorylineSlice.class);
        storylineTallySerde = serdes.valueSerde(StorylineTally.class);
        marketPointBlockSerde = serdes.valueSerde(MarketPointBlock.class);
        deadlineMilestoneSerde = serdes.valueSerde(DeadlineMilestone.class);
        statePartSerde = serdes.valueSerde(StatePart.class);
        policyEvents = topic(POLICY_EVENTS, PolicyEvent.class, false);
        marketEvents = topic(MARKET_EVENTS, MarketEvent.class, false);
        disruptionEvents = topic(DISRUPTION_EVENTS, DisruptionEvent.class, false);
        commodityProfiles = topic(COMMODITY_PROFILES, CommoditySupplyProfile.class, true);
        exposureProfiles = topic(EXPOSURE_PROFILES, ExposureProfile.class, true);
        commodityState = topic(COMMODITY_STATE, CommodityState.class, true);
        exposures = topic(EXPOSURES, ExposureRow.class, true);
        alerts = topic(ALERTS, Alert.class, false);
        storylines = topic(STORYLINES, Storyline.class, true);
        deadLetters = topic(DEAD_LETTERS, DeadLetter.class, false);
    }

    private <V extends SpecificRecord> Topic<V> topic(String name, Class<V> type, boolean compacted) {
        return new Topic<>(name, Serdes.String(), serdes.valueSerde(type), compacted);
    }

    public Topic<PolicyEvent> policyEvents() { return policyEvents; }
    public Topic<MarketEvent> marketEvents() { return marketEvents; }
    public Topic<DisruptionEvent> disruptionEvents() { return disruptionEvents; }
    public Topic<CommoditySupplyProfile> commodityProfiles() { return commodityProfiles; }
    public Topic<ExposureProfile> exposureProfiles() { return exposureProfiles; }
    public Topic<CommodityState> commodityState() { return commodityState; }
    public Topic<ExposureRow> exposures() { return exposures; }
    public Topic<Alert> alerts() { return alerts; }
    /** How the app writes {@code supply.alerts}: keyed by commodity, on the storyline's partition ({@link AlertPartitioning}). */
    public Produced<String, Alert> alertsProduced() { return alerts.produced().withStreamPartitioner(new AlertPartitioning()); }
    public Topic<Storyline> storylines() { return storylines; }
    public Topic<DeadLetter> deadLetters() { return deadLetters; }
    public Topic<String> publisherReports() { return publisherReports; }

    public List<Topic<?>> all() {
        return List.of(policyEvents, marketEvents, disruptionEvents, commodityProfiles, exposureProfiles,
                commodityState, exposures, alerts, storylines, deadLetters, publisherReports);
    }

    /** Serdes of the internal records that cross repartition topics and changelogs. */
    public Serde<Shock> shockSerde() { return shockSerde; }
    public Serde<ContributionBlock> contributionBlockSerde() { return contributionBlockSerde; }
    public Serde<AlertLedgerEntry> alertLedgerSerde() { return alertLedgerSerde; }
    public Serde<StorylineSlice> storylineSliceSerde() { return storylineSliceSerde; }
    public Serde<StorylineTally> storylineTallySerde() { return storylineTallySerde; }
    public Serde<MarketPointBlock> marketPointBlockSerde() { return marketPointBlockSerde; }
    public Serde<DeadlineMilestone> deadlineMilestoneSerde() { return deadlineMilestoneSerde; }
    public Serde<StatePart> statePartSerde() { return statePartSerde; }
    /** Stores and repartition topics holding a public type share the serde of that type's topic. */
    public Serde<CommodityState> commodityStateSerde() { return commodityState.valueSerde(); }
    public Serde<ExposureRow> exposureRowSerde() { return exposures.valueSerde(); }
    public Serde<ExposureProfile> exposureProfileSerde() { return exposureProfiles.valueSerde(); }

    /**
     * A serde of {@code J} whose bytes are those of the Avro record {@code A} it converts to and from at the topic. The
     * Avro serde comes configured; closing is passed on, as a source node closes its deserializer.
     */
    private static <J, A> Serde<J> converting(Serde<A> avro, Function<J, A> toAvro, Function<A, J> fromAvro) {
        Serializer<A> out = avro.serializer();
        Deserializer<A> in = avro.deserializer();
        Function<J, A> written = value -> value == null ? null : toAvro.apply(value);
        Function<A, J> read = value -> value == null ? null : fromAvro.apply(value);
        Serializer<J> serializer = new Serializer<>() {
            @Override
            public byte[] serialize(String topic, J value) {
                return out.serialize(topic, written.apply(value));
            }

            @Override
            public byte[] serialize(String topic, Headers headers, J value) {
                return out.serialize(topic, headers, written.apply(value));
            }

            @Override
            public void close() {
                out.close();
            }
        };
        Deserializer<J> deserializer = new Deserializer<>() {
            @Override
            public J deserialize(String topic, byte[] bytes) {
                return read.apply(in.deserialize(topic, bytes));
            }

            @Override
            public J deserialize(String topic, Headers headers, byte[] bytes) {
                return read.apply(in.deserialize(topic, headers, bytes));
            }

            @Override
            public void close() {
                in.close();
            }
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
