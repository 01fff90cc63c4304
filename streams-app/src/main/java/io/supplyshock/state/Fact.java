package io.supplyshock.state;

import io.supplyshock.schema.CommoditySupplyProfile;
import io.supplyshock.schema.DisruptionEvent;
import io.supplyshock.schema.MarketEvent;
import io.supplyshock.schema.PolicyEvent;
import io.supplyshock.topics.StageApi;

import java.time.Instant;

/** One validated input that changes what is known about a commodity. */
@StageApi
public sealed interface Fact {

    String commodity();

    String eventId();

    Instant eventTime();

    record Policy(PolicyEvent event) implements Fact {
        public String commodity() { return event.getCommodity(); }
        public String eventId() { return event.getEventId(); }
        public Instant eventTime() { return event.getEventTime(); }
    }

    record Market(MarketEvent event) implements Fact {
        public String commodity() { return event.getCommodity(); }
        public String eventId() { return event.getEventId(); }
        public Instant eventTime() { return event.getEventTime(); }
    }

    record Disruption(DisruptionEvent event) implements Fact {
        public String commodity() { return event.getCommodity(); }
        public String eventId() { return event.getEventId(); }
        public Instant eventTime() { return event.getEventTime(); }
    }

    /** A curated profile; it has no id of its own, so it is named after its source. */
    record Profile(CommoditySupplyProfile profile, Instant eventTime) implements Fact {
        public String commodity() { return profile.getCommodity(); }
        public String eventId() { return "profile:" + (profile.getSource() == null ? profile.getCommodity() : profile.getSource()); }
    }
}
