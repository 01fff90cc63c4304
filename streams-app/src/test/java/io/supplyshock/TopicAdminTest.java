package io.supplyshock;

import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.LeaderNotAvailableException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.internals.KafkaFutureImpl;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How create-topics waits out a broker whose metadata lags behind a topic's creation or deletion. */
class TopicAdminTest {

    /** Answers each call with the next outcome: an exception fails that call's future, anything else completes it. */
    private static Supplier<KafkaFuture<?>> answers(AtomicInteger calls, Object... outcomes) {
        Deque<Object> left = new ArrayDeque<>(List.of(outcomes));
        return () -> {
            calls.incrementAndGet();
            Object outcome = left.size() > 1 ? left.poll() : left.peek();
            KafkaFutureImpl<Object> future = new KafkaFutureImpl<>();
            if (outcome instanceof Throwable t) future.completeExceptionally(t);
            else future.complete(outcome);
            return future;
        };
    }

    @Test
    void unknownTopicAndMissingLeaderAreAskedAgainUntilTheBrokerAnswers() throws Exception {
        AtomicInteger calls = new AtomicInteger();

        TopicAdmin.retryWhileMetadataCatchesUp(answers(calls, new UnknownTopicOrPartitionException("not yet"),
                new LeaderNotAvailableException("electing"), "offsets"), Duration.ofSeconds(10), "no leader");

        assertThat(calls).hasValue(3);
    }

    @Test
    void anyOtherFailureIsThrownAtOnce() {
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> TopicAdmin.retryWhileMetadataCatchesUp(
                answers(calls, new TopicAuthorizationException("denied")), Duration.ofSeconds(10), "no leader"))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class);
        assertThat(calls).hasValue(1);
    }

    @Test
    void aBrokerThatNeverCatchesUpEndsInATimeoutNamingTheLastAnswer() {
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> TopicAdmin.retryWhileMetadataCatchesUp(
                answers(calls, new UnknownTopicOrPartitionException("This server does not host this topic-partition.")),
                Duration.ofMillis(350), "no serving leader for supply.alerts"))
                .isInstanceOf(TimeoutException.class)
                .hasMessage("no serving leader for supply.alerts (This server does not host this topic-partition.)");
        // One call every 100 ms within the limit, not a busy loop and not a single try.
        assertThat(calls.get()).isBetween(2, 6);
    }

    @Test
    void aCallThatNeverAnswersEndsAtTheLimit() {
        assertThatThrownBy(() -> TopicAdmin.retryWhileMetadataCatchesUp(KafkaFutureImpl::new, Duration.ofMillis(200), "no leader"))
                .isInstanceOf(TimeoutException.class).hasMessage("no leader");
    }
}
