package io.supplyshock.topics;

import io.supplyshock.schema.Alert;
import io.supplyshock.schema.AlertType;
import io.supplyshock.schema.Explanation;
import io.supplyshock.schema.Severity;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class AlertPartitioningTest {

    private final AlertPartitioning partitioning = new AlertPartitioning();

    @Test
    void anAlertOfAStorylineGoesWhereTheProducerPutsItsStorylinesRecord() {
        for (String storyline : List.of("group:CN_REE", "ban:ID|nickel_ore", "group:RESOURCE_NATIONALISM", "x")) {
            for (int partitions : new int[] {1, 3, 12}) {
                Alert alert = alert("copper", storyline);
                int producers = BuiltInPartitioner.partitionForKey(new StringSerializer().serialize("supply.storylines", storyline), partitions);
                assertThat(partitioning.partitions(Topics.ALERTS, "copper", alert, partitions)).contains(Set.of(producers));
            }
        }
    }

    @Test
    void alertsOfOneStorylineOnDifferentCommoditiesShareAPartitionAndOneWithoutAStorylineGoesByCommodity() {
        assertThat(partitioning.partitions(Topics.ALERTS, "copper", alert("copper", "group:G"), 12))
                .isEqualTo(partitioning.partitions(Topics.ALERTS, "cobalt", alert("cobalt", "group:G"), 12));
        int byCommodity = BuiltInPartitioner.partitionForKey(new StringSerializer().serialize(Topics.ALERTS, "tungsten"), 12);
        assertThat(partitioning.partitions(Topics.ALERTS, "tungsten", alert("tungsten", null), 12)).contains(Set.of(byCommodity));
        assertThat(partitioning.partitions(Topics.ALERTS, null, alert("tungsten", null), 12)).isEqualTo(Optional.empty());
    }

    @Test
    void theMarkIsAddedOnceAndLeavesTheIncomingHeadersAlone() {
        RecordHeaders incoming = new RecordHeaders();
        incoming.add("trace", new byte[] {1});

        var marked = AlertPartitioning.marked(AlertPartitioning.marked(incoming));

        assertThat(AlertPartitioning.isByStoryline(marked)).isTrue();
        assertThat(marked.headers(AlertPartitioning.HEADER)).hasSize(1);
        assertThat(marked.lastHeader("trace").value()).containsExactly(1);
        assertThat(AlertPartitioning.isByStoryline(incoming)).isFalse();
        assertThat(incoming.toArray()).hasSize(1);
    }

    private static Alert alert(String commodity, String storyline) {
        return Alert.newBuilder().setAlertId("s#1").setAlertType(AlertType.SHOCK).setSeverity(Severity.HIGH).setScore(70)
                .setDedupKey("s").setCommodity(commodity).setInstrument("EXPORT_BAN").setEventTime(Instant.EPOCH).setDetectedAt(Instant.EPOCH)
                .setExplanation(Explanation.newBuilder().setSummary("").setInputs(List.of()).setSourceEventIds(List.of()).build())
                .setStorylineId(storyline).build();
    }
}
