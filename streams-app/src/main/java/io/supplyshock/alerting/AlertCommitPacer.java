package io.supplyshock.alerting;

import io.supplyshock.topics.StageApi;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Commits sooner after an alert while the app keeps up with its inputs. Under exactly-once an alert becomes visible
 * only when its transaction commits, so with a 100 ms commit interval it waits 50 ms on average and up to 100 ms.
 * A shorter interval cuts that wait but costs a transaction per interval whatever the load, and on a loaded machine
 * those transactions take the CPU the events need: the app falls further behind at peak (docs/benchmarks.md). This
 * pacer asks for a commit right after an alert, at most once per {@code alert.commit.early.ms}, only while the stream
 * thread's last poll returned fewer than a quarter of {@code max.poll.records}. A thread that is behind gets full
 * polls, stops asking, and commits on the interval again, which lets it catch up: the setting cannot make a backlog
 * grow on its own.
 *
 * <p>Off by default ({@code alert.commit.early.ms} 0): on the two-core bench machine 50 ms halved the median alert
 * latency at 1,000 events/s but lengthened the p99, because the extra transactions compete with the events for the
 * same cores. A deployment with cores to spare can turn it on and measure.
 *
 * <p>The stream thread polls through {@link PollObserver} (a consumer interceptor, called on that thread) and
 * processes on the same thread, so each thread's pace is its own.
 */
@StageApi
public final class AlertCommitPacer {

    /** Where the pacer travels in the Streams and main consumer configs (read back by the processor and the interceptor). */
    public static final String CONFIG_KEY = "supplyshock.alert.commit.pacer";

    private final long minIntervalMs;
    private final LongAdder earlyCommits = new LongAdder();
    private volatile int busyPollRecords = ConsumerConfig.DEFAULT_MAX_POLL_RECORDS / 4;
    private final ThreadLocal<Pace> pace = ThreadLocal.withInitial(Pace::new);

    private static final class Pace {
        int lastPollRecords;
        long lastRequestMs = Long.MIN_VALUE / 2;
    }

    /** @param minIntervalMs least time between two early commits of one thread; 0 or less: never commit early */
    public AlertCommitPacer(long minIntervalMs) {
        this.minIntervalMs = minIntervalMs;
    }

    /** The consumer's {@code max.poll.records}: a poll of a quarter of it or more means records are waiting. */
    void maxPollRecords(int maxPollRecords) {
        busyPollRecords = Math.max(1, maxPollRecords / 4);
    }

    /** Called on the stream thread with each poll's size. */
    void polled(int records) {
        pace.get().lastPollRecords = records;
    }

    /** Whether the alert this thread just wrote should be committed now rather than at the next interval. */
    boolean commitNow(long nowMs) {
        if (minIntervalMs <= 0) return false;
        Pace p = pace.get();
        if (p.lastPollRecords >= busyPollRecords || nowMs - p.lastRequestMs < minIntervalMs) return false;
        p.lastRequestMs = nowMs;
        earlyCommits.increment();
        return true;
    }

    /** Early commits asked for since start, for the metrics. */
    public long earlyCommits() {
        return earlyCommits.sum();
    }

    /** Feeds each poll's size to the pacer found under {@link #CONFIG_KEY}; passes the records on untouched. */
    public static final class PollObserver implements ConsumerInterceptor<byte[], byte[]> {

        private AlertCommitPacer pacer;

        @Override
        public void configure(Map<String, ?> configs) {
            if (configs.get(CONFIG_KEY) instanceof AlertCommitPacer configured) {
                pacer = configured;
                Object max = configs.get(ConsumerConfig.MAX_POLL_RECORDS_CONFIG);
                if (max != null) pacer.maxPollRecords(Integer.parseInt(max.toString()));
            }
        }

        @Override
        public ConsumerRecords<byte[], byte[]> onConsume(ConsumerRecords<byte[], byte[]> records) {
            if (pacer != null) pacer.polled(records.count());
            return records;
        }

        @Override
        public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        }

        @Override
        public void close() {
        }
    }
}
