package io.supplyshock.ingest;

import io.supplyshock.schema.MarketEvent;
import io.supplyshock.schema.SupplyStage;
import io.supplyshock.testing.PipelineDriver;
import io.supplyshock.testing.ReferenceData;
import io.supplyshock.topics.Topics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ingest in the whole pipeline: what it lets through reaches the commodity state. What ingest does on its own
 * (decoding, validation, dead letters, the exposure-profile table) is in {@link IngestStageTest}.
 */
class IngestTopologyTest {

    private static final Instant T = Instant.parse("2026-01-15T08:00:00Z");
    private final PipelineDriver pipeline = new PipelineDriver();

    @AfterEach
    void close() {
        pipeline.close();
    }

    @Test
    void processingContinuesAfterBadRecords() {
        pipeline.pipeRaw(Topics.MARKET_EVENTS, "rare_earths", new byte[]{1, 2, 3}, T);
        pipeline.pipe(Topics.MARKET_EVENTS, "rare_earths",
                MarketEvent.newBuilder(ReferenceData.market("e47")).setEventId("e47-bad").setValue(120.0).build(), T);

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
    void everySeedRecordPassesIngestWithoutDeadLetters() {
        ReferenceData.seedEvents().forEach(pipeline::pipe);

        assertThat(pipeline.deadLetters()).isEmpty();
        assertThat(pipeline.states().stream().mapToLong(s -> s.getEventCount()).sum()).isEqualTo(ReferenceData.seedEvents().size());
    }
}
