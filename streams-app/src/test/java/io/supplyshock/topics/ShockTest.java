package io.supplyshock.topics;

import io.supplyshock.schema.AlertType;
import io.supplyshock.schema.DisruptionKind;
import io.supplyshock.schema.Explanation;
import io.supplyshock.schema.PolicyAction;
import io.supplyshock.schema.PolicyInstrument;
import io.supplyshock.schema.Severity;
import io.supplyshock.schema.ShockDirection;
import io.supplyshock.schema.internal.ScoredShock;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The enums of a shock become the strings the repartition topics have always carried, and come back from them. */
class ShockTest {

    private static final Topics TOPICS = new Topics(new PlainAvroSerdes());

    @Test
    void aPolicyShockTravelsAsTheAvroRecordWithItsEnumsAsStrings() {
        Shock policy = base().kind(Shock.Kind.POLICY).instrument(new Shock.Instrument.Policy(PolicyInstrument.EXPORT_LICENCE))
                .action(PolicyAction.PAUSE).storyline("group:CN_REE").anchorDate(LocalDate.parse("2025-11-01")).build();

        ScoredShock avro = policy.toAvro();

        assertThat(avro.getEventKind()).isEqualTo("POLICY");
        assertThat(avro.getInstrument()).isEqualTo("EXPORT_LICENCE");
        assertThat(avro.getAction()).isEqualTo("PAUSE");
        assertThat(Shock.fromAvro(avro)).isEqualTo(policy);
    }

    @Test
    void everyKindComesBackAsItWent() {
        List<Shock> shocks = List.of(
                base().kind(Shock.Kind.DISRUPTION).instrument(new Shock.Instrument.Disruption(DisruptionKind.STRIKE)).build(),
                base().kind(Shock.Kind.MARKET_SIGNAL).instrument(new Shock.Instrument.Signal(AlertType.PRICE_SPIKE))
                        .alertType(AlertType.PRICE_SPIKE).affectedEntities(List.of("Maker")).affectedEntityCount(3).build(),
                base().kind(Shock.Kind.DEADLINE).instrument(new Shock.Instrument.Policy(PolicyInstrument.TARIFF))
                        .action(PolicyAction.IMPOSE).alertType(AlertType.COUNTDOWN).build());

        for (Shock shock : shocks) {
            byte[] bytes = TOPICS.shockSerde().serializer().serialize("deadlines-by-situation", shock);
            assertThat(bytes).as("the bytes of the Avro record").isEqualTo(
                    new PlainAvroSerdes().valueSerde(ScoredShock.class).serializer().serialize("deadlines-by-situation", shock.toAvro()));
            assertThat(TOPICS.shockSerde().deserializer().deserialize("deadlines-by-situation", bytes)).isEqualTo(shock);
        }
    }

    @Test
    void anInstrumentOfAnotherKindIsRefused() {
        assertThatThrownBy(() -> base().kind(Shock.Kind.POLICY).instrument(new Shock.Instrument.Disruption(DisruptionKind.OUTAGE)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("POLICY");
    }

    private static Shock.Builder base() {
        return Shock.builder().eventId("e1").commodity("rare_earths").issuerCountry("CN").targetCountries(List.of("US"))
                .direction(ShockDirection.ESCALATION).score(77).severity(Severity.HIGH).dedupKey("group:CN_REE")
                .eventTime(Instant.parse("2025-10-09T00:00:00Z"))
                .explanation(Explanation.newBuilder().setSummary("s").setInputs(List.of()).setSourceEventIds(List.of("e1")).build());
    }
}
