package io.supplyshock.ingest;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.supplyshock.state.Fact;
import io.supplyshock.metrics.PipelineMetrics;
import io.supplyshock.schema.CommoditySupplyProfile;
import io.supplyshock.schema.DeadLetter;
import io.supplyshock.schema.DeadLetterReason;
import io.supplyshock.schema.DisruptionKind;
import io.supplyshock.schema.ExposureProfile;
import io.supplyshock.schema.MarketMetric;
import io.supplyshock.schema.PolicyAction;
import io.supplyshock.schema.PolicyEvent;
import io.supplyshock.schema.PolicyInstrument;
import io.supplyshock.schema.SupplyShare;
import io.supplyshock.schema.SupplyStage;
import io.supplyshock.testing.StageDriver;
import io.supplyshock.topics.PlainAvroSerdes;
import io.supplyshock.topics.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static io.supplyshock.testing.Events.at;
import static io.supplyshock.testing.Events.disruption;
import static io.supplyshock.testing.Events.market;
import static io.supplyshock.testing.Events.policy;
import static io.supplyshock.testing.Events.profile;
import static io.supplyshock.testing.Events.share;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/** The ingest stage alone: the five input topics as bytes in; facts, the exposure-profile changes and dead letters out. */
class IngestStageTest {

    private static final Instant READ_AT = Instant.parse("2026-01-15T08:00:00Z");
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    @AutoClose
    private final StageDriver stage = new StageDriver();
    private final TestOutputTopic<String, Fact> facts;
    private final TestOutputTopic<String, ExposureProfile> profileChanges;
    private final TestOutputTopic<String, DeadLetter> deadLetters;

    IngestStageTest() {
        IngestTopology.Ingested ingested = IngestTopology.build(stage.builder, stage.topics, new PipelineMetrics(meters));
        stage.capture(ingested.facts(), "facts", stage.inProcess());
        stage.capture(ingested.exposureProfileChanges(), "exposure-profile-changes", stage.topics.exposureProfileSerde());
        facts = stage.output("facts", stage.inProcess());
        profileChanges = stage.output("exposure-profile-changes", stage.topics.exposureProfileSerde());
        deadLetters = stage.output(stage.topics.deadLetters());
    }

    @Test
    void validRecordsOfTheFourFactTopicsBecomeOneStreamOfFactsKeyedByCommodity() {
        stage.pipeSerialized(stage.topics.policyEvents(), "gallium", galliumBan(), READ_AT);
        stage.pipeSerialized(stage.topics.marketEvents(), "gallium",
                share("cn-share", "gallium", "CN", SupplyStage.REFINED, 98.0, 2023), READ_AT);
        stage.pipeSerialized(stage.topics.disruptionEvents(), "gallium",
                disruption("outage", "gallium", DisruptionKind.OUTAGE, "DE", "2025-02-01").build(), READ_AT);
        stage.pipeSerialized(stage.topics.commodityProfiles(), "gallium", galliumBaseline(), at("2024-06-30"));

        List<KeyValue<String, Fact>> out = facts.readKeyValuesToList();

        assertThat(out).extracting(kv -> kv.key, kv -> kv.value.getClass().getSimpleName(), kv -> kv.value.eventId())
                .containsExactly(
                        tuple("gallium", "Policy", "ban"),
                        tuple("gallium", "Market", "cn-share"),
                        tuple("gallium", "Disruption", "outage"),
                        tuple("gallium", "Profile", "profile:baseline-2024"));
        // A profile has no date of its own: it is known from the moment it was published.
        assertThat(out.getLast().value.eventTime()).isEqualTo(at("2024-06-30"));
        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(meters.get(PipelineMetrics.RECORDS_IN).tag("topic", Topics.POLICY_EVENTS).counter().count()).isEqualTo(1.0);
    }

    @Test
    void garbageBytesBecomeAnUndeserializableDeadLetterWithTheirOrigin() {
        byte[] garbage = "not avro at all".getBytes(StandardCharsets.UTF_8);

        pipeBytes(Topics.POLICY_EVENTS, "rare_earths", garbage);

        List<KeyValue<String, DeadLetter>> dead = deadLetters.readKeyValuesToList();
        assertThat(dead).hasSize(1);
        assertThat(dead.getFirst().key).isEqualTo(Topics.POLICY_EVENTS);
        DeadLetter d = dead.getFirst().value;
        assertThat(d.getReason()).isEqualTo(DeadLetterReason.UNDESERIALIZABLE);
        assertThat(d.getSourceTopic()).isEqualTo(Topics.POLICY_EVENTS);
        assertThat(d.getSourcePartition()).isZero();
        assertThat(d.getSourceOffset()).isZero();
        assertThat(d.getSourceTimestamp()).isEqualTo(READ_AT);
        assertThat(d.getEventId()).isNull();
        assertThat(Utils.toArray(d.getRawValue())).isEqualTo(garbage);
        assertThat(Utils.toArray(d.getRawKey())).isEqualTo("rare_earths".getBytes(StandardCharsets.UTF_8));
        assertThat(facts.isEmpty()).isTrue();
    }

    @Test
    void aFrameWithAnotherMagicByteIsUndeserializable() {
        byte[] valid = serialized(stage.topics.policyEvents(), galliumBan());
        // The production wire format: magic byte 0, the schema id, then Avro binary.
        assertThat(valid[0]).isZero();
        assertThat(ByteBuffer.wrap(valid, 1, 4).getInt()).isEqualTo(PlainAvroSerdes.schemaId(PolicyEvent.getClassSchema()));
        byte[] wrongMagic = valid.clone();
        wrongMagic[0] = 0x01;

        pipeBytes(Topics.POLICY_EVENTS, "gallium", "first".getBytes(StandardCharsets.UTF_8));
        pipeBytes(Topics.POLICY_EVENTS, "gallium", wrongMagic);

        List<DeadLetter> dead = deadLetters.readValuesToList();
        assertThat(dead).hasSize(2);
        DeadLetter d = dead.get(1);
        assertThat(d.getReason()).isEqualTo(DeadLetterReason.UNDESERIALIZABLE);
        assertThat(d.getDetail()).contains("Unknown magic byte");
        assertThat(d.getSourceOffset()).isEqualTo(1);
        assertThat(Utils.toArray(d.getRawValue())).isEqualTo(wrongMagic);
        assertThat(facts.isEmpty()).isTrue();
    }

    @Test
    void aValidFrameWithAnUnknownSchemaIdIsUndeserializable() {
        byte[] unknownId = serialized(stage.topics.policyEvents(), galliumBan());
        ByteBuffer.wrap(unknownId, 1, 4).putInt(987_654_321);

        pipeBytes(Topics.POLICY_EVENTS, "gallium", unknownId);

        DeadLetter d = deadLetters.readValue();
        assertThat(d.getReason()).isEqualTo(DeadLetterReason.UNDESERIALIZABLE);
        assertThat(d.getDetail()).contains("987654321");
        assertThat(facts.isEmpty()).isTrue();
    }

    @Test
    void aRecordOfAnotherSchemaOnATopicIsDeadLetteredNotCastLater() {
        byte[] market = serialized(stage.topics.marketEvents(), share("cn-share", "gallium", "CN", SupplyStage.REFINED, 98.0, 2023));

        pipeBytes(Topics.POLICY_EVENTS, "gallium", market);

        DeadLetter d = deadLetters.readValue();
        assertThat(d.getReason()).isIn(DeadLetterReason.UNDESERIALIZABLE, DeadLetterReason.OTHER);
        assertThat(d.getSourceTopic()).isEqualTo(Topics.POLICY_EVENTS);
        assertThat(facts.isEmpty()).isTrue();
    }

    @Test
    void aDecodedRecordThatBreaksARuleIsDeadLetteredWithItsIdAndReason() {
        stage.pipeSerialized(stage.topics.marketEvents(), "copper",
                market("negative", "copper", MarketMetric.PRICE, "2025-07-01").setValue(-247.0).setUnit("usd_per_tonne").build(), READ_AT);

        List<DeadLetter> dead = deadLetters.readValuesToList();
        assertThat(dead).extracting(DeadLetter::getEventId, DeadLetter::getReason, DeadLetter::getSourceTopic).containsExactly(
                tuple("negative", DeadLetterReason.INVALID_VALUE, Topics.MARKET_EVENTS));
        assertThat(facts.isEmpty()).isTrue();
    }

    @Test
    void anEventKeyedByAnythingButItsCommodityIsReKeyedOnceAndCounted() {
        stage.pipeSerialized(stage.topics.marketEvents(), "silver", share("wrong-key", "gallium", "CN", SupplyStage.REFINED, 98.0, 2023), READ_AT);
        stage.pipeSerialized(stage.topics.policyEvents(), null, policy("no-key", "cobalt", "CD", PolicyInstrument.EXPORT_BAN,
                PolicyAction.IMPOSE, "2025-02-22", "DRC").build(), READ_AT);
        stage.pipeSerialized(stage.topics.policyEvents(), "cobalt", policy("right-key", "cobalt", "CD", PolicyInstrument.EXPORT_BAN,
                PolicyAction.IMPOSE, "2025-02-23", "DRC").build(), READ_AT);

        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(facts.readKeyValuesToList()).extracting(kv -> kv.key, kv -> kv.value.eventId())
                .containsExactlyInAnyOrder(tuple("gallium", "wrong-key"), tuple("cobalt", "no-key"), tuple("cobalt", "right-key"));
        assertThat(stage.driver().producedTopicNames()).contains("supplyshock-test-market-events-rekeyed-by-commodity-repartition",
                "supplyshock-test-policy-events-rekeyed-by-commodity-repartition");
        assertThat(meters.get(PipelineMetrics.REKEYED).tag("topic", Topics.MARKET_EVENTS).counter().count()).isEqualTo(1.0);
        assertThat(meters.get(PipelineMetrics.REKEYED).tag("topic", Topics.POLICY_EVENTS).counter().count()).isEqualTo(1.0);
    }

    @Test
    void deadLetterMeterCountsByReason() {
        pipeBytes(Topics.POLICY_EVENTS, "gallium", new byte[]{1});
        pipeBytes(Topics.DISRUPTION_EVENTS, "gallium", new byte[]{2});
        stage.pipeSerialized(stage.topics.marketEvents(), "gallium", share("too-big", "gallium", "CN", SupplyStage.REFINED, 120.0, 2023), READ_AT);
        stage.pipeSerialized(stage.topics.policyEvents(), "gallium", galliumBan(), READ_AT);

        assertThat(deadLetterCount(DeadLetterReason.UNDESERIALIZABLE)).isEqualTo(2.0);
        assertThat(deadLetterCount(DeadLetterReason.INVALID_VALUE)).isEqualTo(1.0);
        assertThat(deadLetterCount(DeadLetterReason.INVALID_COUNTRY)).isZero();
    }

    @Test
    void exposureProfilesAndTheirDeletionsFlowOnAndAnInvalidProfileNeverDoes() {
        ExposureProfile valid = profile("acme", "Acme", "gallium", null, 0.4);
        ExposureProfile tooHeavy = profile("heavy", "Heavy", "gallium", null, 1.5);

        stage.pipeSerialized(stage.topics.exposureProfiles(), valid.getProfileId(), valid, READ_AT);
        stage.pipeSerialized(stage.topics.exposureProfiles(), tooHeavy.getProfileId(), tooHeavy, READ_AT);
        stage.pipeSerialized(stage.topics.exposureProfiles(), valid.getProfileId(), null, READ_AT);

        List<KeyValue<String, ExposureProfile>> changes = profileChanges.readKeyValuesToList();
        assertThat(changes).extracting(kv -> kv.key).containsExactly("acme|gallium|", "acme|gallium|");
        assertThat(changes.getFirst().value.getWeight()).isEqualTo(0.4);
        assertThat(changes.getLast().value).isNull();
        assertThat(deadLetters.readValuesToList()).extracting(DeadLetter::getEventId, DeadLetter::getReason, DeadLetter::getSourceTopic)
                .containsExactly(tuple("heavy|gallium|", DeadLetterReason.INVALID_VALUE, Topics.EXPOSURE_PROFILES));
        // The tombstone is a deletion, counted as such, and no dead letter.
        assertThat(deadLetterCount(DeadLetterReason.INVALID_VALUE)).isEqualTo(1.0);
        assertThat(meters.get(PipelineMetrics.RECORDS_IN).tag("topic", Topics.EXPOSURE_PROFILES).tag("type", RecordTypes.TOMBSTONE)
                .counter().count()).isEqualTo(1.0);
        assertThat(facts.isEmpty()).isTrue();
    }

    private static PolicyEvent galliumBan() {
        return policy("ban", "gallium", "CN", PolicyInstrument.EXPORT_BAN, PolicyAction.IMPOSE, "2024-12-03", null).build();
    }

    private static <V> byte[] serialized(Topics.Topic<V> topic, V value) {
        return topic.valueSerde().serializer().serialize(topic.name(), value);
    }

    private void pipeBytes(String topic, String key, byte[] value) {
        stage.input(topic, Serdes.ByteArray()).pipeInput(key, value, READ_AT);
    }

    private double deadLetterCount(DeadLetterReason reason) {
        return meters.get(PipelineMetrics.DEAD_LETTERS).tag("reason", reason.name()).counter().count();
    }

    private static CommoditySupplyProfile galliumBaseline() {
        return CommoditySupplyProfile.newBuilder()
                .setCommodity("gallium").setSource("baseline-2024").setAsOf(LocalDate.of(2024, 1, 1))
                .setShares(List.of(SupplyShare.newBuilder().setCountry("CN").setStage(SupplyStage.REFINED).setSharePct(98.0)
                        .setSource("baseline-2024").build()))
                .build();
    }
}
