package io.supplyshock.ingest;

import io.supplyshock.state.Fact;
import io.supplyshock.schema.CommoditySupplyProfile;
import io.supplyshock.schema.ExposureProfile;
import io.supplyshock.schema.DisruptionEvent;
import io.supplyshock.schema.MarketEvent;
import io.supplyshock.schema.PolicyEvent;
import io.supplyshock.topics.StageApi;
import io.supplyshock.topics.StoreNames;
import io.supplyshock.topics.Topics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

import java.time.Instant;
import java.util.function.Function;

/**
 * Stage 1: read every input topic as bytes, decode and validate, send what cannot be used to the
 * dead-letter topic, and hand on the rest as facts keyed by commodity plus the exposure-profile table.
 */
@StageApi
public final class IngestTopology {

    /**
     * @param exposureProfileChanges every valid profile and every deletion (a tombstone, null value) under the
     *                               profile's id; the exposure stage keeps the profiles, so no table is kept here
     */
    public record Ingested(KStream<String, Fact> facts, KStream<String, ExposureProfile> exposureProfileChanges) {
    }

    private IngestTopology() {
    }

    /**
     * Why ingest would dead-letter this event (its reason and detail), empty when it passes: the same checks the
     * input topics' records meet, for events that never reach a topic (what-if scenarios).
     */
    public static java.util.Optional<String> wouldReject(String key, SpecificRecord event) {
        return EventValidator.validate(key, event).map(v -> v.reason() + ": " + v.detail());
    }

    public static Ingested build(StreamsBuilder builder, Topics topics, IngestObserver observer) {
        KStream<String, Fact> policies = decode(builder, topics, topics.policyEvents(), PolicyEvent.class, Fact.Policy::new, observer);
        KStream<String, Fact> markets = decode(builder, topics, topics.marketEvents(), MarketEvent.class, Fact.Market::new, observer);
        KStream<String, Fact> disruptions = decode(builder, topics, topics.disruptionEvents(), DisruptionEvent.class, Fact.Disruption::new, observer);
        // A profile has no event time of its own; it is known from the moment it was published.
        KStream<String, Fact> profiles = validated(builder, topics, topics.commodityProfiles(), CommoditySupplyProfile.class, observer)
                .filter((k, v) -> v instanceof Decoded.Valid<?>, Named.as("valid-" + Topics.COMMODITY_PROFILES))
                .processValues(ProfileFacts::new, Named.as("facts-" + Topics.COMMODITY_PROFILES));

        KStream<String, ExposureProfile> exposureProfileChanges = validated(builder, topics, topics.exposureProfiles(), ExposureProfile.class, observer)
                .filter((k, v) -> !(v instanceof Decoded.Rejected<?>), Named.as("usable-" + Topics.EXPOSURE_PROFILES))
                .mapValues(v -> v instanceof Decoded.Valid<ExposureProfile> valid ? valid.value() : null,
                        Named.as("values-" + Topics.EXPOSURE_PROFILES));

        KStream<String, Fact> facts = policies
                .merge(markets, Named.as("merge-market-facts"))
                .merge(disruptions, Named.as("merge-disruption-facts"))
                .merge(profiles, Named.as("merge-profile-facts"));
        return new Ingested(facts, exposureProfileChanges);
    }

    private static <T extends SpecificRecord> KStream<String, Fact> decode(StreamsBuilder builder, Topics topics,
                                                                           Topics.Topic<T> topic, Class<T> type, Function<T, Fact> toFact,
                                                                           IngestObserver observer) {
        KStream<String, T> valid = validated(builder, topics, topic, type, observer)
                .filter((k, v) -> v instanceof Decoded.Valid<?>, Named.as("valid-" + topic.name()))
                .mapValues(v -> ((Decoded.Valid<T>) v).value(), Named.as("values-" + topic.name()));
        // Publishers key events by commodity, so state, scoring and alerting run in the task that reads the event.
        // An event keyed otherwise (or not at all) crosses one repartition topic to its commodity's partition.
        KStream<String, T> misKeyed = valid.filter((k, v) -> !commodityOf(v).equals(k), Named.as("mis-keyed-" + topic.name()));
        KStream<String, T> rekeyed = misKeyed
                .peek((k, v) -> observer.rekeyed(topic.name()), Named.as("count-rekeyed-" + topic.name()))
                .selectKey((k, v) -> commodityOf(v), Named.as("key-by-commodity-" + topic.name()))
                .repartition(Repartitioned.<String, T>as(StoreNames.rekeyedByCommodity(topic.name()))
                        .withKeySerde(Serdes.String()).withValueSerde(topic.valueSerde()));
        return valid.filter((k, v) -> commodityOf(v).equals(k), Named.as("keyed-by-commodity-" + topic.name()))
                .merge(rekeyed, Named.as("merge-rekeyed-" + topic.name()))
                .mapValues(toFact::apply, Named.as("facts-" + topic.name()));
    }

    private static String commodityOf(SpecificRecord event) {
        return switch (event) {
            case PolicyEvent p -> p.getCommodity();
            case MarketEvent m -> m.getCommodity();
            case DisruptionEvent d -> d.getCommodity();
            default -> throw new IllegalArgumentException("not an event keyed by commodity: " + event.getSchema().getFullName());
        };
    }

    private static <T extends SpecificRecord> KStream<String, Decoded<T>> validated(StreamsBuilder builder, Topics topics,
                                                                                    Topics.Topic<T> topic, Class<T> type,
                                                                                    IngestObserver observer) {
        KStream<String, Decoded<T>> decoded = builder
                .stream(topic.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("source-" + topic.name()))
                .processValues(() -> new DecodeAndValidate<>(topic.valueSerde().deserializer(), type, observer),
                        Named.as("decode-" + topic.name()));
        decoded.filter((k, v) -> v instanceof Decoded.Rejected<?>, Named.as("rejected-" + topic.name()))
                .mapValues(v -> ((Decoded.Rejected<T>) v).deadLetter(), Named.as("dead-letter-" + topic.name()))
                .selectKey((k, v) -> v.getSourceTopic(), Named.as("key-dead-letter-" + topic.name()))
                .to(Topics.DEAD_LETTERS, topics.deadLetters().produced().withName("sink-dead-letters-" + topic.name()));
        return decoded;
    }

    /** Stamps a curated profile with its record time, the moment it became known. */
    private static final class ProfileFacts implements FixedKeyProcessor<String, Decoded<CommoditySupplyProfile>, Fact> {
        private FixedKeyProcessorContext<String, Fact> context;

        @Override
        public void init(FixedKeyProcessorContext<String, Fact> context) {
            this.context = context;
        }

        @Override
        public void process(FixedKeyRecord<String, Decoded<CommoditySupplyProfile>> record) {
            var profile = ((Decoded.Valid<CommoditySupplyProfile>) record.value()).value();
            context.forward(record.withValue(new Fact.Profile(profile, Instant.ofEpochMilli(record.timestamp()))));
        }
    }
}
