package io.supplyshock.alerting;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class AlertCommitPacerTest {

    @Test
    void anAlertCommitsAtOnceAtMostOncePerIntervalWhileThePollsAreSmall() {
        AlertCommitPacer pacer = new AlertCommitPacer(50);
        pacer.maxPollRecords(1000);
        pacer.polled(12);

        assertThat(pacer.commitNow(1_000)).isTrue();
        assertThat(pacer.commitNow(1_030)).isFalse();
        assertThat(pacer.commitNow(1_049)).isFalse();
        assertThat(pacer.commitNow(1_050)).isTrue();
        assertThat(pacer.earlyCommits()).isEqualTo(2);
    }

    @Test
    void aThreadWhosePollsComeBackFullCommitsOnTheIntervalOnlyUntilItCatchesUp() {
        AlertCommitPacer pacer = new AlertCommitPacer(50);
        pacer.maxPollRecords(1000);

        pacer.polled(250);
        assertThat(pacer.commitNow(1_000)).isFalse();
        pacer.polled(1000);
        assertThat(pacer.commitNow(2_000)).isFalse();
        pacer.polled(249);
        assertThat(pacer.commitNow(3_000)).isTrue();
    }

    @Test
    void zeroTurnsItOff() {
        AlertCommitPacer pacer = new AlertCommitPacer(0);
        pacer.polled(0);

        assertThat(pacer.commitNow(1_000)).isFalse();
        assertThat(pacer.earlyCommits()).isZero();
    }

    @Test
    void eachStreamThreadKeepsItsOwnPace() throws Exception {
        AlertCommitPacer pacer = new AlertCommitPacer(50);
        pacer.maxPollRecords(1000);
        pacer.polled(900); // this thread is behind

        boolean other = CompletableFuture.supplyAsync(() -> {
            pacer.polled(3);
            return pacer.commitNow(1_000);
        }).get();

        assertThat(other).isTrue();
        assertThat(pacer.commitNow(1_000)).isFalse();
    }

    @Test
    void theInterceptorFindsThePacerInTheConsumersConfigAndPassesTheRecordsOnUntouched() {
        AlertCommitPacer pacer = new AlertCommitPacer(50);
        AlertCommitPacer.PollObserver observer = new AlertCommitPacer.PollObserver();
        observer.configure(Map.of(AlertCommitPacer.CONFIG_KEY, pacer, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "40"));
        TopicPartition partition = new TopicPartition("supply.policy-events", 0);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < 10; i++) records.add(new ConsumerRecord<>(partition.topic(), 0, i, new byte[0], new byte[0]));
        ConsumerRecords<byte[], byte[]> polled = new ConsumerRecords<>(Map.of(partition, records), Map.of());

        assertThat(observer.onConsume(polled)).isSameAs(polled);
        // A quarter of 40 is 10: this poll counts as full.
        assertThat(pacer.commitNow(1_000)).isFalse();
        observer.onConsume(new ConsumerRecords<>(Map.of(partition, records.subList(0, 9)), Map.of()));
        assertThat(pacer.commitNow(1_000)).isTrue();
    }

    @Test
    void withoutAPacerInTheConfigTheInterceptorDoesNothing() {
        AlertCommitPacer.PollObserver observer = new AlertCommitPacer.PollObserver();
        observer.configure(Map.of());
        ConsumerRecords<byte[], byte[]> none = ConsumerRecords.empty();

        assertThat(observer.onConsume(none)).isSameAs(none);
    }
}
