package io.supplyshock.whatif;

import io.supplyshock.alerting.AlertStep;
import io.supplyshock.config.AppConfig;
import io.supplyshock.events.LineResult;
import io.supplyshock.exposure.ReachedEntities;
import io.supplyshock.ingest.IngestTopology;
import io.supplyshock.schema.Alert;
import io.supplyshock.schema.CommodityState;
import io.supplyshock.schema.DisruptionEvent;
import io.supplyshock.schema.ExposureProfile;
import io.supplyshock.schema.MarketEvent;
import io.supplyshock.schema.Measure;
import io.supplyshock.schema.PolicyEvent;
import io.supplyshock.schema.Severity;
import io.supplyshock.schema.internal.AlertLedgerEntry;
import io.supplyshock.schema.internal.StatePart;
import io.supplyshock.schema.internal.StorylineSlice;
import io.supplyshock.scoring.ShockScorer;
import io.supplyshock.state.CommodityStateStore;
import io.supplyshock.state.CommodityStates;
import io.supplyshock.state.Fact;
import io.supplyshock.state.FactInContext;
import io.supplyshock.topics.Shock;
import io.supplyshock.topics.StoreNames;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What hypothetical events would do, computed with the production code of each stage and read-only: each event is
 * checked as ingest checks it, joined with the commodity state valid at its event time ({@link CommodityStateStore}),
 * scored by {@link ShockScorer}, given the entities it reaches ({@link ReachedEntities}) and decided against the alert
 * ledger and storyline slices ({@link AlertStep}). The state, ledger and slices a scenario changes live in a private
 * copy per commodity, so the events of one scenario fold in order (the second sees the first) and nothing is written.
 *
 * <p>Not simulated: market signals (their windows live in the signal stage) and the re-assessment of recent
 * disruptions by a market fact; results say so where it matters.
 */
public final class WhatIf {

    /** Events one scenario may hold: each costs a scan of its commodity's profiles. */
    public static final int MAX_EVENTS = 100;

    static final String MARKET_NOTE = "market signals (price spikes, drawdowns, divergences) and the re-assessment of recent "
            + "disruptions are not simulated; the fact is folded into the state and re-scores the measures in force";

    /** The stores of the partition that holds one commodity, read-only. */
    public interface Stores {
        <V> ReadOnlyKeyValueStore<String, V> store(String name);
    }

    /** The settings the pipeline scores and alerts with. */
    public record Settings(double capPct, int topAffected, Severity minSeverity) {
        public static Settings from(AppConfig config, Severity minSeverity) {
            return new Settings(config.getDouble(AppConfig.CONCENTRATION_CAP_PCT), config.getInt(AppConfig.ALERT_AFFECTED_TOP_N), minSeverity);
        }
    }

    /** One shock the event would score, what the alert stage would make of it, and why. */
    public record Scored(Shock shock, Optional<Alert> alert, String reason) {
    }

    /**
     * @param alert    the alert the event would raise (the first, when it re-scores several measures); null: none
     * @param reason   why that alert, or why none
     * @param reached  the entities its own shock reaches (none when it scores no shock)
     */
    public record Result(String eventId, String commodity, Alert alert, String reason, List<Scored> shocks,
                         ReachedEntities.Reached reached, List<String> notes) {
    }

    private final Settings settings;

    public WhatIf(Settings settings) {
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    /**
     * @param events    mapped events, in the order they fold
     * @param storesOf  the stores that hold a commodity
     * @param now       the detection time alerts would carry
     */
    public List<Result> run(List<LineResult.Mapped> events, Function<String, Stores> storesOf, Instant now) {
        if (events.size() > MAX_EVENTS) throw new IllegalArgumentException("at most " + MAX_EVENTS + " events, got " + events.size());
        Map<String, Copy> copies = new HashMap<>();
        List<Result> results = new ArrayList<>(events.size());
        for (LineResult.Mapped event : events) {
            Copy copy = copies.computeIfAbsent(event.key(), commodity -> new Copy(commodity, storesOf.apply(commodity)));
            results.add(copy.simulate(event, now));
        }
        return results;
    }

    /** One commodity's state, ledger and slices as the scenario has changed them so far; the stores stay untouched. */
    private final class Copy {
        private final String commodity;
        private final CommodityStateStore states;
        private final ReadOnlyKeyValueStore<String, ExposureProfile> profiles;
        private final ReadOnlyKeyValueStore<String, AlertLedgerEntry> ledger;
        private final ReadOnlyKeyValueStore<String, StorylineSlice> slices;
        private final Map<String, AlertLedgerEntry> ledgerWrites = new LinkedHashMap<>();
        private final Map<String, StorylineSlice> sliceWrites = new LinkedHashMap<>();
        /** The scenario's facts folded so far, and the newest state after them (null: none yet). */
        private final List<Fact> folded = new ArrayList<>();
        private CommodityState latest;
        private long newest = Long.MIN_VALUE;

        Copy(String commodity, Stores stores) {
            this.commodity = commodity;
            ReadOnlyKeyValueStore<String, StatePart> parts = stores.store(StoreNames.COMMODITY_STATE_PARTS);
            ReadOnlyKeyValueStore<String, StatePart> history = stores.store(StoreNames.COMMODITY_STATE_HISTORY);
            this.states = new CommodityStateStore(parts, history);
            this.profiles = stores.store(StoreNames.PROFILES_BY_COMMODITY);
            this.ledger = stores.store(StoreNames.ALERT_LEDGER);
            this.slices = stores.store(StoreNames.STORYLINE_SLICES);
        }

        Result simulate(LineResult.Mapped event, Instant now) {
            String eventId = event.eventId();
            Optional<String> rejected = IngestTopology.wouldReject(event.key(), event.value());
            if (rejected.isPresent()) {
                return new Result(eventId, commodity, null, "ingest would dead-letter it: " + rejected.get(), List.of(),
                        new ReachedEntities.Reached(0, List.of()), List.of());
            }
            Fact fact = fact(event.value());
            FactInContext in = fold(fact);
            List<Scored> scored = new ArrayList<>();
            ReachedEntities.Reached own = new ReachedEntities.Reached(0, List.of());
            for (Shock shock : ShockScorer.score(in, settings.capPct())) {
                ReachedEntities.Reached reached = ReachedEntities.of(profiles, commodity, shock.issuerCountry(), settings.topAffected());
                Shock reaching = shock.toBuilder()
                        .affectedEntities(reached.most().stream().map(ExposureProfile::getEntityName).toList())
                        .affectedEntityCount(reached.count())
                        .build();
                AlertStep.Step step = AlertStep.decide(this::ledgerEntry, this::slice, reaching, settings.minSeverity(), now);
                if (step.ledger() != null) ledgerWrites.put(step.ledgerKey(), step.ledger());
                if (step.sliceKey() != null) sliceWrites.put(step.sliceKey(), step.slice());
                if (scored.isEmpty() || shock.eventId().equals(eventId) && shock.reassessedBy() == null) own = reached;
                scored.add(new Scored(reaching, step.alert(), step.reason()));
            }
            List<String> notes = fact instanceof Fact.Market ? List.of(MARKET_NOTE) : List.of();
            Optional<Scored> alerted = scored.stream().filter(s -> s.alert().isPresent()).findFirst();
            String reason;
            if (alerted.isPresent()) {
                reason = alerted.get().reason();
            } else if (scored.isEmpty()) {
                reason = fact instanceof Fact.Market ? "no shock: the fact changes no input of a measure in force" : "no shock scored";
            } else {
                reason = String.join("; ", scored.stream().map(Scored::reason).distinct().toList());
            }
            return new Result(eventId, commodity, alerted.flatMap(Scored::alert).orElse(null), reason, scored, own, notes);
        }

        /**
         * The fact joined as the state stage joins it: the state valid at its event time with the scenario's earlier
         * facts of no later time folded in, and the newest state with the fact folded in.
         */
        private FactInContext fold(Fact fact) {
            long time = fact.eventTime().toEpochMilli();
            CommodityState at = states.metAt(commodity, time);
            for (Fact earlier : folded) {
                if (!earlier.eventTime().isAfter(fact.eventTime())) at = CommodityStates.apply(at, earlier).state();
            }
            if (latest == null) {
                CommodityStateStore.Current current = states.current(commodity);
                latest = current.state();
                newest = current.header() == null ? Long.MIN_VALUE : current.header().getNewestVersion().toEpochMilli();
            }
            CommodityStates.Applied applied = CommodityStates.apply(at, fact);
            // A late fact is also folded into the newest state, as the state stage folds it.
            latest = time >= newest ? applied.state() : CommodityStates.apply(latest, fact).state();
            newest = Math.max(newest, time);
            folded.add(fact);
            List<String> endedIds = applied.endedEventIds();
            List<Measure> ended = at.getMeasures().stream().filter(m -> endedIds.contains(m.getEventId())).toList();
            return new FactInContext(fact, at, latest, ended);
        }

        private AlertLedgerEntry ledgerEntry(String key) {
            return ledgerWrites.containsKey(key) ? ledgerWrites.get(key) : ledger.get(key);
        }

        private StorylineSlice slice(String key) {
            return sliceWrites.containsKey(key) ? sliceWrites.get(key) : slices.get(key);
        }
    }

    private static Fact fact(SpecificRecord value) {
        return switch (value) {
            case PolicyEvent p -> new Fact.Policy(p);
            case MarketEvent m -> new Fact.Market(m);
            case DisruptionEvent d -> new Fact.Disruption(d);
            default -> throw new IllegalArgumentException("not an event: " + value.getSchema().getFullName());
        };
    }
}
