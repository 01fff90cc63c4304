package io.supplyshock.ingest;

import io.supplyshock.testing.AvroFixtures;
import io.supplyshock.schema.DeadLetterReason;
import io.supplyshock.schema.ExposureProfile;
import io.supplyshock.schema.ExposureRole;
import io.supplyshock.schema.MarketEvent;
import io.supplyshock.schema.MarketMetric;
import io.supplyshock.schema.PartialDate;
import io.supplyshock.schema.PolicyEvent;
import io.supplyshock.schema.DatePrecision;
import io.supplyshock.testing.ReferenceData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class EventValidatorTest {

    @Test
    void everyMappedSeedRecordIsValid() {
        List<AvroFixtures.SeedEvent> seed = ReferenceData.seedEvents();

        List<String> failures = seed.stream()
                .flatMap(m -> EventValidator.validate(m.key(), m.value()).map(v -> m.eventId() + ": " + v).stream())
                .toList();

        assertThat(seed).hasSize(183);
        assertThat(failures).as("seed records rejected by the validator").isEmpty();
    }

    @Test
    void anEventTimeInTheYear9999IsInvalid() {
        PolicyEvent e1 = PolicyEvent.newBuilder(ReferenceData.policy("e1")).setEventTime(java.time.Instant.parse("9999-01-01T00:00:00Z")).build();
        Optional<Violation> v = EventValidator.validate("rare_earths", e1);
        assertThat(v).get().extracting(Violation::reason).isEqualTo(DeadLetterReason.INVALID_DATES);
        assertThat(v.get().detail()).startsWith("eventTime 9999-01-01");
    }

    @Test
    void aStatedDateInTheYear9999IsInvalid() {
        PolicyEvent e1 = PolicyEvent.newBuilder(ReferenceData.policy("e1"))
                .setEffectiveDate(new PartialDate(LocalDate.of(9999, 1, 1), DatePrecision.DAY, "9999-01-01")).build();
        assertThat(EventValidator.validate("rare_earths", e1)).get().extracting(Violation::detail)
                .asString().startsWith("effectiveDate.date 9999-01-01");
    }

    @Test
    void anOversizedTextFieldIsInvalid() {
        PolicyEvent e1 = withSummary("x".repeat(500_000));
        assertThat(EventValidator.validate("rare_earths", e1)).get().extracting(Violation::detail)
                .isEqualTo("provenance.summary is 500,000 characters, at most 10,000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0000", "\u001B[31m", "\u202E", "\u2066"})
    void controlAndBidirectionalCharactersAreInvalidAnywhere(String hidden) {
        PolicyEvent inSummary = withSummary("licence " + hidden + "lifted");
        assertThat(EventValidator.validate("rare_earths", inSummary)).get().extracting(Violation::detail)
                .asString().startsWith("provenance.summary contains a").contains(String.format("U+%04X at position 8", (int) hidden.charAt(0)));
        PolicyEvent inId = PolicyEvent.newBuilder(ReferenceData.policy("e1")).setEventId("e1" + hidden).build();
        assertThat(EventValidator.validate("rare_earths", inId)).get().extracting(Violation::detail).asString().startsWith("eventId contains");
    }

    private static PolicyEvent withSummary(String summary) {
        PolicyEvent e1 = ReferenceData.policy("e1");
        return PolicyEvent.newBuilder(e1).setProvenance(io.supplyshock.schema.Provenance.newBuilder(e1.getProvenance()).setSummary(summary).build()).build();
    }

    @Test
    void negativePriceIsInvalid() {
        MarketEvent e118 = ReferenceData.market("e118"); // copper freight cost 247 usd/tonne
        assertThat(e118.getMetric()).isEqualTo(MarketMetric.PRICE);
        MarketEvent negative = MarketEvent.newBuilder(e118).setValue(-247.0).build();

        assertThat(reason(negative)).contains(DeadLetterReason.INVALID_VALUE);
        assertThat(EventValidator.validate("copper", negative).orElseThrow().detail()).contains("value -247.0 is negative");
    }

    @Test
    void negativePriceCapIsInvalid() {
        PolicyEvent e79 = ReferenceData.policy("e79"); // price cap 1500 usd/kg on heavy rare earths
        PolicyEvent negative = PolicyEvent.newBuilder(e79).setValue(-1500.0).build();

        assertThat(reason(negative)).contains(DeadLetterReason.INVALID_VALUE);
    }

    @Test
    void negativeMoveIsValid() {
        MarketEvent e181 = ReferenceData.market("e181"); // semiconductor equities -10%
        assertThat(e181.getValue()).isEqualTo(-10.0);

        assertThat(reason(e181)).isEmpty();
    }

    @Test
    void nanValueIsInvalid() {
        MarketEvent nan = MarketEvent.newBuilder(ReferenceData.market("e47")).setValue(Double.NaN).build();

        assertThat(reason(nan)).contains(DeadLetterReason.INVALID_VALUE);
    }

    @Test
    void infiniteValueIsInvalid() {
        MarketEvent infinite = MarketEvent.newBuilder(ReferenceData.market("e17")).setValue(Double.POSITIVE_INFINITY).build();
        PolicyEvent negInfinite = PolicyEvent.newBuilder(ReferenceData.policy("e1")).setValue(Double.NEGATIVE_INFINITY).build();

        assertThat(reason(infinite)).contains(DeadLetterReason.INVALID_VALUE);
        assertThat(reason(negInfinite)).contains(DeadLetterReason.INVALID_VALUE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"XX", "Mars", "cn", "CHN", ""})
    void unknownCountryIsInvalid(String country) {
        PolicyEvent e1 = PolicyEvent.newBuilder(ReferenceData.policy("e1")).setIssuerCountry(country).build();

        assertThat(reason(e1)).contains(DeadLetterReason.INVALID_COUNTRY);
    }

    @Test
    void unknownTargetCountryIsInvalid() {
        PolicyEvent e1 = PolicyEvent.newBuilder(ReferenceData.policy("e1")).setTargetCountries(List.of("US", "Mars")).build();

        assertThat(reason(e1)).contains(DeadLetterReason.INVALID_COUNTRY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"EU", "G7"})
    void blocIsAcceptedAsIssuer(String bloc) {
        PolicyEvent e54 = ReferenceData.policy("e54"); // EU action plan on rare earths
        assertThat(e54.getIssuerCountry()).isEqualTo("EU");

        assertThat(reason(PolicyEvent.newBuilder(e54).setIssuerCountry(bloc).build())).isEmpty();
    }

    @Test
    void expiryBeforeEffectiveIsInvalid() {
        PolicyEvent e89 = ReferenceData.policy("e89"); // effective 2025-11, expires 2026-11
        PolicyEvent backwards = PolicyEvent.newBuilder(e89)
                .setExpiryDate(new PartialDate(LocalDate.of(2025, 10, 1), DatePrecision.MONTH, "2025-10")).build();

        assertThat(reason(e89)).isEmpty();
        assertThat(reason(backwards)).contains(DeadLetterReason.INVALID_DATES);
    }

    @Test
    void periodStartAfterObservedDateIsInvalid() {
        MarketEvent e17 = ReferenceData.market("e17"); // window 2025-10-01 .. 2026-01
        MarketEvent backwards = MarketEvent.newBuilder(e17)
                .setPeriodStart(new PartialDate(LocalDate.of(2026, 2, 1), DatePrecision.MONTH, "2026-02")).build();

        assertThat(reason(e17)).isEmpty();
        assertThat(reason(backwards)).contains(DeadLetterReason.INVALID_DATES);
    }

    @Test
    void emptyCommodityIsRejected() {
        PolicyEvent empty = PolicyEvent.newBuilder(ReferenceData.policy("e1")).setCommodity("").build();

        assertThat(EventValidator.validate("", empty).map(Violation::reason)).contains(DeadLetterReason.EMPTY_COMMODITY);
    }

    @Test
    void uppercaseCommodityIsRejected() {
        PolicyEvent upper = PolicyEvent.newBuilder(ReferenceData.policy("e1")).setCommodity("Rare_Earths").build();

        assertThat(EventValidator.validate("Rare_Earths", upper).map(Violation::reason)).contains(DeadLetterReason.INVALID_VALUE);
    }

    @Test
    void anEventKeyedByAnythingButItsCommodityIsValidItIsReKeyedInstead() {
        assertThat(EventValidator.validate("silver", ReferenceData.market("e47"))).isEmpty();
        assertThat(EventValidator.validate(null, ReferenceData.market("e47"))).isEmpty();
    }

    @Test
    void supplyShareAbove100PctIsInvalid() {
        MarketEvent share = MarketEvent.newBuilder(ReferenceData.market("e47")).setValue(120.0).build();

        assertThat(reason(share)).contains(DeadLetterReason.INVALID_VALUE);
        assertThat(EventValidator.validate("rare_earths", share).orElseThrow().detail()).contains("above 100");
    }

    @Test
    void exposureProfileWeightAboveOneIsInvalid() {
        assertThat(EventValidator.validate("mp-materials|rare_earths|", mpMaterials(0.6))).isEmpty();
        assertThat(EventValidator.validate("mp-materials|rare_earths|", mpMaterials(1.5)).map(Violation::reason))
                .contains(DeadLetterReason.INVALID_VALUE);
        assertThat(EventValidator.validate("mp-materials|rare_earths|", mpMaterials(-0.1)).map(Violation::reason))
                .contains(DeadLetterReason.INVALID_VALUE);
    }

    @Test
    void exposureProfileWithUnsluggedEntityIdIsInvalid() {
        ExposureProfile p = ExposureProfile.newBuilder(mpMaterials(0.6)).setEntityId("MP Materials").build();

        assertThat(EventValidator.validate(p.getProfileId(), p).map(Violation::reason)).contains(DeadLetterReason.MISSING_FIELD);
    }

    @Test
    void exposureProfileUnderAKeyOtherThanItsIdIsInvalid() {
        ExposureProfile p = mpMaterials(0.6);

        assertThat(EventValidator.validate("mp-materials", p)).hasValueSatisfying(v -> {
            assertThat(v.reason()).isEqualTo(DeadLetterReason.INVALID_VALUE);
            assertThat(v.detail()).contains("record key 'mp-materials' differs from profileId 'mp-materials|rare_earths|'");
        });
    }

    @Test
    void unknownCommodityAndSubtypeAreValid() {
        PolicyEvent novel = PolicyEvent.newBuilder(ReferenceData.policy("e1"))
                .setCommodity("quantum_dots").setRawSubtype("quantum_sourcing_review").build();

        assertThat(EventValidator.validate("quantum_dots", novel)).isEmpty();
    }

    private static Optional<DeadLetterReason> reason(SpecificRecord record) {
        String commodity = record.get(record.getSchema().getField("commodity").pos()).toString();
        return EventValidator.validate(commodity, record).map(Violation::reason);
    }

    static ExposureProfile mpMaterials(double weight) {
        return ExposureProfile.newBuilder()
                .setProfileId("mp-materials|rare_earths|")
                .setEntityId("mp-materials")
                .setEntityName("MP Materials")
                .setEntityType("company")
                .setEntityCountry("US")
                .setCommodity("rare_earths")
                .setCountry(null)
                .setWeight(weight)
                .setRole(ExposureRole.PRODUCER)
                .build();
    }
}
