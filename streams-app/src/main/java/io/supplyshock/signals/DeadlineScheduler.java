package io.supplyshock.signals;

import io.supplyshock.topics.KeyNumbers;
import io.supplyshock.schema.Severity;
import io.supplyshock.state.Fact;
import io.supplyshock.schema.CommodityState;
import io.supplyshock.schema.internal.DeadlineMilestone;
import io.supplyshock.state.FactInContext;
import io.supplyshock.topics.Shock;
import io.supplyshock.state.CommodityStateStore;
import io.supplyshock.topics.StoreNames;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Schedules deadline milestones as policy facts arrive and emits them when the clock passes them.
 *
 * <p>The schedule is keyed by due time ({@code 0001767225600000|milestone id}), so "everything due by T"
 * is one range scan. The clock and the ids of emitted milestones live in a second store, so a
 * republished policy event never schedules a milestone that already fired: no countdown is emitted twice.
 * Which clock drives the schedule is {@link SignalSettings.ClockMode}.
 */
final class DeadlineScheduler implements Processor<String, FactInContext, String, Shock> {

    private static final Logger LOG = LoggerFactory.getLogger(DeadlineScheduler.class);
    static final String CLOCK_KEY = "~clock";
    private static final String DONE_PREFIX = "~done|";

    private final SignalSettings settings;
    private ProcessorContext<String, Shock> context;
    private KeyValueStore<String, DeadlineMilestone> schedule;
    private KeyValueStore<String, Long> clockAndDone;
    private CommodityStateStore states;
    private long lastRecordWallClock;
    /**
     * The earliest due time in the schedule, so that a fact with nothing due reads no store ({@link #NOT_KNOWN}: read it
     * on next use; {@code Long.MAX_VALUE}: nothing scheduled). Derived from the store and reset whenever the task is
     * (re)initialised, so after an aborted transaction it is read again.
     */
    private long earliestDue = NOT_KNOWN;
    private static final long NOT_KNOWN = Long.MIN_VALUE;

    DeadlineScheduler(SignalSettings settings) {
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, Shock> context) {
        this.context = context;
        this.schedule = context.getStateStore(StoreNames.DEADLINE_SCHEDULE);
        this.clockAndDone = context.getStateStore(StoreNames.DEADLINE_CLOCK);
        this.states = new CommodityStateStore(context.getStateStore(StoreNames.COMMODITY_STATE_PARTS),
                context.getStateStore(StoreNames.COMMODITY_STATE_HISTORY));
        this.lastRecordWallClock = context.currentSystemTimeMs();
        this.earliestDue = NOT_KNOWN;
        if (settings.clock() != SignalSettings.ClockMode.EVENT_TIME) {
            context.schedule(settings.punctuateInterval(), PunctuationType.WALL_CLOCK_TIME, this::onWallClock);
        }
    }

    @Override
    public void process(Record<String, FactInContext> record) {
        lastRecordWallClock = context.currentSystemTimeMs();
        Fact fact = record.value().fact();
        if (fact instanceof Fact.Policy policy) {
            scheduleFor(policy, record.value());
        }
        long now = settings.clock() == SignalSettings.ClockMode.WALL_CLOCK ? lastRecordWallClock + settings.clockOffset().toMillis()
                : fact.eventTime().toEpochMilli();
        fireDue(advanceClock(now));
    }

    private void onWallClock(long wallClock) {
        boolean idle = wallClock - lastRecordWallClock >= settings.clockIdle().toMillis();
        if (settings.clock() == SignalSettings.ClockMode.WALL_CLOCK || idle) {
            fireDue(advanceClock(wallClock + settings.clockOffset().toMillis()));
        }
    }

    private void scheduleFor(Fact.Policy policy, FactInContext in) {
        in.latest().getMeasures().stream()
                .filter(m -> m.getEventId().equals(policy.eventId()))
                .findFirst()
                .ifPresent(m -> {
                    // A countdown falls before its day: a measure whose days are all past has no milestone at all, and
                    // then the band (a whole policy score) is not worth computing.
                    if (Deadlines.milestones(m, policy.event(), List.of()).isEmpty()) return;
                    // Countdowns are worth their noise only for measures that matter; the rest get the day itself.
                    Severity band = Deadlines.band(m, policy.event(), in, settings.concentrationCapPct());
                    List<Integer> leads = band.ordinal() >= settings.countdownMinSeverity().ordinal() ? settings.leadDays() : List.of();
                    for (DeadlineMilestone d : Deadlines.milestones(m, policy.event(), leads)) {
                        if (clockAndDone.get(DONE_PREFIX + d.getMilestoneId()) == null) {
                            schedule.put(key(d), d);
                            if (earliestDue != NOT_KNOWN) earliestDue = Math.min(earliestDue, d.getDueAt().toEpochMilli());
                        }
                    }
                });
    }

    /** The clock never goes back: a late record cannot un-fire a milestone. */
    private long advanceClock(long candidate) {
        Long current = clockAndDone.get(CLOCK_KEY);
        long clock = current == null ? candidate : Math.max(current, candidate);
        if (current == null || clock != current) clockAndDone.put(CLOCK_KEY, clock);
        return clock;
    }

    private void fireDue(long clock) {
        if (earliestDue == NOT_KNOWN) earliestDue = readEarliestDue();
        // Strictly before the clock, as below.
        if (earliestDue >= clock) return;
        List<KeyValue<String, DeadlineMilestone>> due = new ArrayList<>();
        // Strictly before the clock: facts dated the same day as a milestone (date-only news) are applied before it fires.
        try (KeyValueIterator<String, DeadlineMilestone> it = schedule.range(key(0, ""), key(clock - 1, "~"))) {
            it.forEachRemaining(due::add);
        }
        for (KeyValue<String, DeadlineMilestone> entry : due) {
            DeadlineMilestone d = entry.value;
            long dueAt = d.getDueAt().toEpochMilli();
            Deadlines.alert(d, states.asOf(d.getCommodity(), dueAt)).ifPresentOrElse(
                    shock -> context.forward(new Record<>(d.getCommodity(), shock, dueAt)),
                    () -> LOG.info("deadline milestone {} dropped: the measure was ended before {}", d.getMilestoneId(), Instant.ofEpochMilli(dueAt)));
            schedule.delete(entry.key);
            clockAndDone.put(DONE_PREFIX + d.getMilestoneId(), dueAt);
        }
        earliestDue = NOT_KNOWN;
    }

    private long readEarliestDue() {
        try (KeyValueIterator<String, DeadlineMilestone> it = schedule.all()) {
            return it.hasNext() ? it.next().value.getDueAt().toEpochMilli() : Long.MAX_VALUE;
        }
    }

    private static String key(DeadlineMilestone d) {
        return key(d.getDueAt().toEpochMilli(), d.getMilestoneId());
    }

    /** Zero-padded so that the string order of keys is the order of due times. */
    private static String key(long dueAt, String id) {
        return KeyNumbers.padded(Math.max(0, dueAt), 16) + '|' + id;
    }
}
