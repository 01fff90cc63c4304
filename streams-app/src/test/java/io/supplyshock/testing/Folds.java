package io.supplyshock.testing;

import io.supplyshock.state.CommodityStates;
import io.supplyshock.state.Fact;
import io.supplyshock.schema.CommodityState;

/** Seed facts folded into a commodity state, for plain unit tests of the domain and the model. */
public final class Folds {

    private Folds() {
    }

    public static Fact policy(String id) {
        return new Fact.Policy(ReferenceData.policy(id));
    }

    public static Fact market(String id) {
        return new Fact.Market(ReferenceData.market(id));
    }

    public static CommodityState fold(String commodity, Fact... facts) {
        CommodityState state = CommodityStates.empty(commodity);
        for (Fact f : facts) {
            state = CommodityStates.apply(state, f).state();
        }
        return state;
    }
}
