package io.supplyshock.ingest;

import io.supplyshock.schema.DeadLetterReason;

/** Why a record cannot be used, in words an operator can act on. */
record Violation(DeadLetterReason reason, String detail) {
}
