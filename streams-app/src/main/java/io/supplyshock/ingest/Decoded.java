package io.supplyshock.ingest;

import io.supplyshock.schema.DeadLetter;
import org.apache.avro.specific.SpecificRecord;

/** Outcome of reading one input record: a usable value, a tombstone, or a dead letter. */
sealed interface Decoded<T extends SpecificRecord> {

    record Valid<T extends SpecificRecord>(T value) implements Decoded<T> {
    }

    /** A null value on a compacted topic deletes its key; it is not an error. */
    record Tombstone<T extends SpecificRecord>() implements Decoded<T> {
    }

    record Rejected<T extends SpecificRecord>(DeadLetter deadLetter) implements Decoded<T> {
    }
}
