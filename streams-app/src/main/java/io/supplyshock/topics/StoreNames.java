package io.supplyshock.topics;

/**
 * Names of state stores and repartition topics. Fixed here so that a topology change never renames a
 * changelog or repartition topic (which would silently drop state on upgrade).
 */
public final class StoreNames {
    /**
     * commodity|part id -> one part of a commodity's newest state (a share, demand entry, observation series, the
     * market size, the header, or a block of ten measure slots, {@code commodity|M#00} up: the one a measure pushes out
     * of the capped list hands on its slot, so a commit's measures mostly share a block), and each fact's header rides
     * on the last record it writes. Replaces the versioned whole-state store {@code commodity-state-versions} of
     * releases before 0.19: a deployment upgrades by replaying its inputs under a new application id
     * (docs/operations-and-fleet.md#upgrading).
     */
    public static final String COMMODITY_STATE_PARTS = "commodity-state-parts";
    /** commodity|valid-until|part id -> the value a part had before that time: what "state as of T" reads. */
    public static final String COMMODITY_STATE_HISTORY = "commodity-state-history";
    /** Exposure profiles re-keyed by commodity. */
    public static final String PROFILES_BY_COMMODITY_REPARTITION = "exposure-profiles-by-commodity";
    /** commodity|entity|country -> ExposureProfile: one commodity's profiles are one prefix scan. */
    public static final String PROFILES_BY_COMMODITY = "exposure-profiles-by-commodity-store";
    /**
     * commodity|block (0 to 4) -> ten slots of the commodity's shock contributions (the 50 latest scored shocks by event
     * time per commodity), each empty or holding one shock's contribution to the commodity's rows. A shock takes the
     * slot of the one it pushes out, so new shocks fill the slots in turn, and the shocks of one commit mostly share a
     * block, which the record cache writes once. Replaces shock-contributions-store (a record per contribution), whose
     * changelog held another format.
     */
    public static final String SHOCK_CONTRIBUTION_BLOCKS = "shock-contribution-blocks-store";
    /**
     * entity|commodity|country -> ExposureRow, queried by entity prefix: supply.exposures read back as a table, with
     * that topic as its changelog. Replaced a store fed by the repartition topic exposures-by-entity, whose changelog
     * held a second copy of every row; exposure-profiles-store (a table of the profiles topic no stage read) went too.
     */
    public static final String EXPOSURE_ROWS = "exposure-rows-store";
    /** Situation key -> what was last alerted, in the task of the situation's commodity (of its key, for a milestone). */
    public static final String ALERT_LEDGER = "alert-ledger-store";
    /**
     * {@code storyline|commodity} ({@link SituationKey.Slice}) -> that slice's situations and alerts, beside the ledger
     * in the commodity's task. Replaced {@code storylines-store} (storyline -> situations on every commodity), which
     * sat behind the repartition topic {@code alerts-by-situation}: that hop put a second commit between an event and
     * its alert. A store and topic of another shape get new names rather than old names with new contents: nothing
     * migrates the old storylines, so a deployment upgrades with a new application id and a replay from the inputs.
     */
    public static final String STORYLINE_SLICES = "storyline-slices-store";
    /**
     * Deadline milestones re-keyed by their situation key: a grouped measure's milestone key names its group, not its
     * commodity, so milestones of one group on several commodities must meet one ledger entry, as before.
     */
    public static final String DEADLINES_BY_SITUATION = "deadlines-by-situation";
    /** Storyline id -> the storyline on every commodity (the table of supply.storylines) and the alerts it counted. */
    public static final String STORYLINE_TALLIES = "storyline-tallies-store";

    /** commodity|event id -> a recent disruption of that commodity (newest 50 per commodity), re-scored when a share or consumption fact changes its inputs. */
    public static final String RECENT_DISRUPTIONS = "recent-disruptions-store";
    /**
     * commodity|block (00 to 19) -> ten slots of the commodity's recent market points (newest 200 per commodity,
     * within the signal window): one commodity's window, the detectors' input, is one prefix scan. A point that pushes
     * the oldest out takes its slot, so new points fill the slots in turn and the points of one commit mostly share a
     * block, which the record cache writes once. Replaces market-points-store (a record per point).
     */
    public static final String MARKET_POINT_BLOCKS = "market-point-blocks-store";
    /**
     * Commodity id -> the newest event time of market points no longer in market-point-blocks-store. A commodity's stream
     * time, against which lateness is measured, is the newest of this and its stored points' times; so the entry is
     * written only when a point leaving the window takes the newest time with it.
     */
    public static final String MARKET_CLOCK = "market-clock-store";
    /** Zero-padded due time|milestone id -> deadline milestone not yet due. */
    public static final String DEADLINE_SCHEDULE = "deadline-schedule-store";
    /** The deadline clock of a task and the ids of milestones already emitted. */
    public static final String DEADLINE_CLOCK = "deadline-clock-store";
    /**
     * Repartition topic of market signals and deadlines by commodity, on their way to the exposure profiles of their
     * commodity: deadlines come from a key-changing punctuation, so they must be repartitioned to meet them.
     */
    public static final String SIGNALS_WITH_PROFILES = "signals-with-profiles";

    /**
     * Repartition topic of the events of one input topic that arrived keyed by something other than their commodity
     * (or by nothing): re-keyed by commodity once, so they meet their commodity's state.
     */
    public static String rekeyedByCommodity(String inputTopic) {
        return inputTopic.replace("supply.", "") + "-rekeyed-by-commodity";
    }

    private StoreNames() {
    }
}
