package io.supplyshock.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.supplyshock.schema.ExplanationInput;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProvenanceTest {

    @Test
    void readsEventIdsAndBaselineRowsFromAnInputsText() {
        JsonNode share = Provenance.of(input("92% PROCESSING (e47, as of 2023-01-01)", "newest share valid on the event date"), List.of("e1", "e47"));
        assertThat(share.toString()).isEqualTo("[{\"kind\":\"event\",\"eventId\":\"e47\"}]");

        JsonNode buffer = Provenance.of(input("40 days", "what can reach the market (USGS MCS 2025, as of 2024, estimate); 1 - 0.3 x share"),
                List.of("e1"));
        assertThat(buffer.toString()).isEqualTo("[{\"kind\":\"baseline\",\"source\":\"USGS MCS 2025\",\"year\":2024,\"estimate\":true}]");

        JsonNode both = Provenance.of(input("35% of imports (trade baseline (UN Comtrade, as of 2023); e12, as of 2025)", null), List.of("e1", "e12", "e120"));
        assertThat(both.toString()).isEqualTo("[{\"kind\":\"event\",\"eventId\":\"e12\"},"
                + "{\"kind\":\"baseline\",\"source\":\"UN Comtrade\",\"year\":2023,\"estimate\":false}]");

        JsonNode nested = Provenance.of(input("CN 100% REFINED", "largest share of world supply held by CN at any stage (European Commission, "
                + "Study on the CRM for the EU 2023, global supply shares (processing, Dy/Tb as proxy stage; via a dataset), as of 2020); "
                + "weight 0.35 + 0.65 x share"), List.of("e85"));
        assertThat(nested.toString()).as("a publication with parentheses of its own").isEqualTo("[{\"kind\":\"baseline\",\"source\":"
                + "\"European Commission, Study on the CRM for the EU 2023, global supply shares (processing, Dy/Tb as proxy stage; via a dataset)\","
                + "\"year\":2020,\"estimate\":false}]");

        assertThat(Provenance.of(input("licence", "instrument table"), List.of("e1", "e47")).toString())
                .as("derived from the triggering event").isEqualTo("[{\"kind\":\"event\",\"eventId\":\"e1\",\"implied\":true}]");
    }

    private static ExplanationInput input(String value, String note) {
        return ExplanationInput.newBuilder().setName("x").setValue(value).setFactor(1.0).setNote(note).build();
    }
}
