package io.supplyshock.ingest;

import io.supplyshock.schema.DisruptionEvent;
import io.supplyshock.schema.MarketEvent;
import io.supplyshock.schema.PolicyEvent;
import org.apache.avro.specific.SpecificRecord;

/**
 * The type of an input record as a metric label: the canonical enum the producer's free subtype
 * maps to, never the raw subtype, so the label stays within a fixed set of values.
 */
final class RecordTypes {

    public static final String TOMBSTONE = "tombstone";
    public static final String UNDECODABLE = "undecodable";

    private RecordTypes() {
    }

    public static String of(SpecificRecord value) {
        return switch (value) {
            case PolicyEvent p -> p.getInstrument().name();
            case MarketEvent m -> m.getMetric().name();
            case DisruptionEvent d -> d.getKind().name();
            default -> value.getSchema().getName();
        };
    }
}
