package io.supplyshock.ingest;

import io.micrometer.core.instrument.Counter;
import io.supplyshock.schema.DeadLetter;
import io.supplyshock.schema.DeadLetterReason;
import io.supplyshock.schema.ExposureProfile;
import io.supplyshock.schema.MarketEvent;
import io.supplyshock.schema.PolicyEvent;
import io.supplyshock.schema.SupplyStage;
import io.supplyshock.testing.PipelineDriver;
import io.supplyshock.testing.ReferenceData;
import io.supplyshock.topics.PlainAvroSerdes;
import io.supplyshock.topics.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IngestTopologyTest {

    private static final Instant T = Instant.parse("2026-01-15T08:00:00Z");
    private final PipelineDriver pipeline = new PipelineDriver();

    @AfterEach
    void close() {
        pipeline.close();
    }

    @Test
    void garbageBytesBecomeAnUndeserializableDeadLetterWithTheirOrigin() {
        byte[] garbage = "not avro at all".getBytes(StandardCharsets.UTF_8);

        pipeline.pipeRaw(Topics.POLICY_EVENTS, "rare_earths", garbage, T);

        List<KeyValue<String, DeadLetter>> dead = deadLettersWithKeys();
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).key).isEqualTo(Topics.POLICY_EVENTS);
        DeadLetter d = dead.get(0).value;
        assertThat(d.getReason()).isEqualTo(DeadLetterReason.UNDESERIALIZABLE);
        assertThat(d.getSourceTopic()).isEqualTo(Topics.POLICY_EVENTS);
        assertThat(d.getSourcePartition()).isZero();
        assertThat(d.getSourceOffset()).isZero();
        assertThat(d.getSourceTimestamp()).isEqualTo(T);
        assertThat(d.getEventId()).isNull();
        assertThat(bytes(d.getRawValue())).isEqualTo(garbage);
        assertThat(bytes(d.getRawKey())).isEqualTo("rare_earths".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aFrameWithAnotherMagicByteIsUndeserializable() {
        byte[] valid = pipeline.topics.policyEvents().valueSerde().serializer()
                .serialize(Topics.POLICY_EVENTS, ReferenceData.policy("e1"));
        // The production wire format: magic byte 0, the schema id, then Avro binary.
        assertThat(valid[0]).isZero();
        assertThat(java.nio.ByteBuffer.wrap(valid, 1, 4).getInt()).isEqualTo(PlainAvroSerdes.schemaId(PolicyEvent.getClassSchema()));
        byte[] wrongMagic = valid.clone();
        wrongMagic[0] = 0x01;

        pipeline.pipeRaw(Topics.POLICY_EVENTS, "rare_earths", "first".getBytes(StandardCharsets.UTF_8), T);
        pipeline.pipeRaw(Topics.POLICY_EVENTS, "rare_earths", wrongMagic, T);

        List<DeadLetter> dead = pipeline.deadLetters();
        assertThat(dead).hasSize(2);
        DeadLetter d = dead.get(1);
        assertThat(d.getReason()).isEqualTo(DeadLetterReason.UNDESERIALIZABLE);
        assertThat(d.getDetail()).contains("Unknown magic byte");
        assertThat(d.getSourceOffset()).isEqualTo(1);
        assertThat(bytes(d.getRawValue())).isEqualTo(wrongMagic);
        assertThat(pipeline.latestState("rare_earths")).isNull();
    }

    @Test
    void aValidFrameWithAnUnknownSchemaIdIsUndeserializable() {
        byte[] valid = pipeline.topics.policyEvents().valueSerde().serializer()
                .serialize(Topics.POLICY_EVENTS, ReferenceData.policy("e1"));
        byte[] unknownId = valid.clone();
        java.nio.ByteBuffer.wrap(unknownId, 1, 4).putInt(987_654_321);

        pipeline.pipeRaw(Topics.POLICY_EVENTS, "rare_earths", unknownId, T);

        DeadLetter d = pipeline.deadLetters().getFirst();
        assertThat(d.getReason()).isEqualTo(DeadLetterReason.UNDESERIALIZABLE);
        assertThat(d.getDetail()).contains("987654321");
        assertThat(pipeline.latestState("rare_earths")).isNull();
    }

    @Test
    void aRecordOfAnotherSchemaOnATopicIsDeadLetteredNotCastLater() {
        byte[] market = pipeline.topics.marketEvents().valueSerde().serializer().serialize(Topics.MARKET_EVENTS, ReferenceData.market("e3"));

        pipeline.pipeRaw(Topics.POLICY_EVENTS, "rare_earths", market, T);

        DeadLetter d = pipeline.deadLetters().getFirst();
        assertThat(d.getReason()).isIn(DeadLetterReason.UNDESERIALIZABLE, DeadLetterReason.OTHER);
        assertThat(d.getSourceTopic()).isEqualTo(Topics.POLICY_EVENTS);
        assertThat(pipeline.latestState("rare_earths")).isNull();
    }

    @Test
    void negativePriceIsDeadLetteredAsInvalidValue() {
        MarketEvent negative = MarketEvent.newBuilder(ReferenceData.market("e118")).setValue(-247.0).build();

        pipeline.pipe(Topics.MARKET_EVENTS, "copper", negative, T);

        List<DeadLetter> dead = pipeline.deadLetters();
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).getReason()).isEqualTo(DeadLetterReason.INVALID_VALUE);
        assertThat(dead.get(0).getEventId()).isEqualTo("e118");
        assertThat(dead.get(0).getSourceTopic()).isEqualTo(Topics.MARKET_EVENTS);
        assertThat(pipeline.latestState("copper")).isNull();
    }

    @Test
    void recordKeyedByAnotherCommodityIsDeadLettered() {
        pipeline.pipe(Topics.MARKET_EVENTS, "silver", ReferenceData.market("e47"), T);

        List<DeadLetter> dead = pipeline.deadLetters();
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).getReason()).isEqualTo(DeadLetterReason.INVALID_VALUE);
        assertThat(dead.get(0).getEventId()).isEqualTo("e47");
        assertThat(dead.get(0).getDetail()).contains("differs from commodity");
        assertThat(pipeline.latestState("silver")).isNull();
        assertThat(pipeline.latestState("rare_earths")).isNull();
    }

    @Test
    void processingContinuesAfterBadRecords() {
        pipeline.pipeRaw(Topics.MARKET_EVENTS, "rare_earths", new byte[]{1, 2, 3}, T);
        pipeline.pipe(Topics.MARKET_EVENTS, "silver", ReferenceData.market("e47"), T);

        pipeline.pipe(ReferenceData.seedById().get("e47"));

        assertThat(pipeline.deadLetters()).hasSize(2);
        assertThat(pipeline.states()).hasSize(1);
        var shares = pipeline.latestState("rare_earths").getSupplyShares();
        assertThat(shares).hasSize(1);
        assertThat(shares.get(0).getCountry()).isEqualTo("CN");
        assertThat(shares.get(0).getStage()).isEqualTo(SupplyStage.PROCESSING);
        assertThat(shares.get(0).getSharePct()).isEqualTo(92.0);
    }

    @Test
    void deadLetterMeterCountsByReason() {
        pipeline.pipeRaw(Topics.POLICY_EVENTS, "rare_earths", new byte[]{1}, T);
        pipeline.pipeRaw(Topics.DISRUPTION_EVENTS, "semiconductors", new byte[]{2}, T);
        pipeline.pipe(Topics.MARKET_EVENTS, "silver", ReferenceData.market("e47"), T);
        pipeline.pipe(ReferenceData.seedById().get("e1"));

        assertThat(deadLetterCount(DeadLetterReason.UNDESERIALIZABLE)).isEqualTo(2.0);
        assertThat(deadLetterCount(DeadLetterReason.INVALID_VALUE)).isEqualTo(1.0);
        assertThat(deadLetterCount(DeadLetterReason.INVALID_COUNTRY)).isZero();
    }

    @Test
    void tombstoneOnExposureProfilesIsNotADeadLetter() {
        pipeline.pipeRaw(Topics.EXPOSURE_PROFILES, "mp-materials|rare_earths|", null, T);

        assertThat(pipeline.deadLetters()).isEmpty();
        assertThat(pipeline.meters.find("supplyshock.dead.letters").counters()).allSatisfy(c -> assertThat(c.count()).isZero());
        assertThat(pipeline.meters.find("supplyshock.records.in").tag("topic", Topics.EXPOSURE_PROFILES).tag("type", "tombstone")
                .counter().count()).isEqualTo(1.0);
    }

    @Test
    void invalidExposureProfileIsDeadLetteredUnderItsProfileId() {
        ExposureProfile tooHeavy = EventValidatorTest.mpMaterials(1.5);

        pipeline.pipeProfile(tooHeavy);

        List<DeadLetter> dead = pipeline.deadLetters();
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).getReason()).isEqualTo(DeadLetterReason.INVALID_VALUE);
        assertThat(dead.get(0).getEventId()).isEqualTo("mp-materials|rare_earths|");
        assertThat(dead.get(0).getSourceTopic()).isEqualTo(Topics.EXPOSURE_PROFILES);
    }

    @Test
    void everySeedRecordPassesIngestWithoutDeadLetters() {
        ReferenceData.seedEvents().forEach(pipeline::pipe);

        assertThat(pipeline.deadLetters()).isEmpty();
        assertThat(pipeline.states()).hasSize(ReferenceData.seedEvents().size());
    }

    private double deadLetterCount(DeadLetterReason reason) {
        Counter c = pipeline.meters.find("supplyshock.dead.letters").tag("reason", reason.name()).counter();
        return c == null ? 0.0 : c.count();
    }

    private List<KeyValue<String, DeadLetter>> deadLettersWithKeys() {
        TestOutputTopic<String, DeadLetter> topic = pipeline.driver.createOutputTopic(Topics.DEAD_LETTERS,
                Serdes.String().deserializer(), pipeline.topics.deadLetters().valueSerde().deserializer());
        return topic.readKeyValuesToList();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
