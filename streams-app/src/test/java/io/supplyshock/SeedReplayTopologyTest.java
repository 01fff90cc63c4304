package io.supplyshock;

import io.supplyshock.schema.Alert;
import io.supplyshock.testing.PipelineDriver;
import io.supplyshock.testing.ReferenceData;
import org.junit.jupiter.api.Test;

class SeedReplayTopologyTest {

    @Test
    void explore() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            ReferenceData.seedEvents().forEach(pipeline::pipe);
            for (Alert a : pipeline.alerts()) {
                System.out.println(a.getSeverity() + " " + a.getScore() + " " + a.getAlertType() + " " + a.getAlertId() + " :: " + a.getExplanation().getSummary());
            }
            pipeline.deadLetters().forEach(d -> System.out.println("DL " + d.getEventId() + " " + d.getReason() + " " + d.getDetail()));
            System.out.println("STATES " + pipeline.states().size() + " of " + ReferenceData.seedEvents().size());
        }
    }
}
