package io.supplyshock.ingest;

import io.supplyshock.schema.DeadLetterReason;
import io.supplyshock.topics.StageApi;

/** What the ingest stage tells the outside world as it reads: each record in, each record dead-lettered. */
@StageApi
public interface IngestObserver {

    /** @param type the record's canonical type (see {@link RecordTypes}), a small closed set */
    void recordIn(String topic, String type);

    void deadLettered(DeadLetterReason reason);

    /** An event keyed by something other than its commodity, sent once through a repartition topic to its commodity's partition. */
    default void rekeyed(String topic) {
    }

    /** A policy event whose wording the publisher's lexicon did not read (action OTHER): scored unclassified. */
    default void unclassified(String rawSubtype) {
    }
}
