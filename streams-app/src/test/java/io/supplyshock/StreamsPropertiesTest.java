package io.supplyshock;

import io.supplyshock.alerting.AlertCommitPacer;
import io.supplyshock.config.AppConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** The Kafka Streams settings the app runs with, as {@link StreamsApp#streamsProperties} makes them from its config. */
class StreamsPropertiesTest {

    private static final String INTERCEPTORS = StreamsConfig.mainConsumerPrefix(ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG);

    @Test
    void theProcessorsAndTheMainConsumersInterceptorShareOnePacer() {
        Properties props = StreamsApp.streamsProperties(AppConfig.of(Map.of(AppConfig.ALERT_COMMIT_EARLY_MS.key(), "50")));

        assertThat(props.get(AlertCommitPacer.CONFIG_KEY)).isInstanceOf(AlertCommitPacer.class)
                .isSameAs(props.get(StreamsConfig.mainConsumerPrefix(AlertCommitPacer.CONFIG_KEY)));
        assertThat(props.get(INTERCEPTORS)).isEqualTo(AlertCommitPacer.PollObserver.class.getName());
        // What Streams hands the main consumer: the pacer arrives where the interceptor looks for it.
        Map<String, Object> consumer = new StreamsConfig(props).getMainConsumerConfigs("group", "client", 0);
        assertThat(consumer.get(AlertCommitPacer.CONFIG_KEY)).isSameAs(props.get(AlertCommitPacer.CONFIG_KEY));
        assertThat(consumer.get(ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG)).isEqualTo(AlertCommitPacer.PollObserver.class.getName());
        assertThat(props.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(100);
    }

    @Test
    void offByDefaultTheMainConsumerPollsWithoutAnInterceptorAndNoPacerIsMade() {
        Properties props = StreamsApp.streamsProperties(AppConfig.of(Map.of()));

        assertThat(props).doesNotContainKeys(AlertCommitPacer.CONFIG_KEY, INTERCEPTORS);
        // Measured on two cores: a second thread shortens the alert latency's tail (docs/benchmarks.md).
        assertThat(props.get(StreamsConfig.NUM_STREAM_THREADS_CONFIG)).isEqualTo(2);
    }

    @Test
    void aDeploymentsOwnInterceptorStaysBesideThePacers() {
        Properties props = StreamsApp.streamsProperties(AppConfig.of(Map.of("kafka." + INTERCEPTORS, "com.example.Audit",
                AppConfig.ALERT_COMMIT_EARLY_MS.key(), "50")));

        assertThat(props.get(INTERCEPTORS)).isEqualTo("com.example.Audit," + AlertCommitPacer.PollObserver.class.getName());
    }

    @Test
    void theTopologysOptimizationIsTheOneItIsBuiltWithWhateverTheDeploymentPasses() {
        Properties props = StreamsApp.streamsProperties(AppConfig.of(Map.of("kafka." + StreamsConfig.TOPOLOGY_OPTIMIZATION_CONFIG,
                StreamsConfig.NO_OPTIMIZATION)));

        assertThat(props.get(StreamsConfig.TOPOLOGY_OPTIMIZATION_CONFIG)).isEqualTo(StreamsConfig.REUSE_KTABLE_SOURCE_TOPICS);
    }
}
