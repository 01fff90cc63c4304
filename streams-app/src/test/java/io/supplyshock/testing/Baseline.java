package io.supplyshock.testing;

import io.supplyshock.state.CommodityStates;
import io.supplyshock.state.Fact;
import io.supplyshock.schema.CommodityState;
import io.supplyshock.schema.CommoditySupplyProfile;

import java.time.ZoneOffset;
import java.util.List;

/** The shipped world-supply baseline, as the pipeline loads it. */
public final class Baseline {

    private static List<CommoditySupplyProfile> profiles;

    private Baseline() {
    }

    public static synchronized List<CommoditySupplyProfile> profiles() {
        if (profiles == null) profiles = AvroFixtures.worldBaseline();
        return profiles;
    }

    public static CommoditySupplyProfile of(String commodity) {
        return profiles().stream().filter(p -> p.getCommodity().equals(commodity)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no baseline profile for " + commodity));
    }

    /** A commodity's state after its baseline profile and then the given facts. */
    public static CommodityState stateWith(String commodity, Fact... facts) {
        CommoditySupplyProfile p = of(commodity);
        CommodityState state = CommodityStates.apply(CommodityStates.empty(commodity),
                new Fact.Profile(p, p.getAsOf().atStartOfDay(ZoneOffset.UTC).toInstant())).state();
        for (Fact f : facts) state = CommodityStates.apply(state, f).state();
        return state;
    }
}
