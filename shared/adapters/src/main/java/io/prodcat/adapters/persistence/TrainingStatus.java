package io.prodcat.adapters.persistence;

/** Where a ledger row stands. */
public enum TrainingStatus {
    /** Claimed by a train instance; stale after the configured timeout, then claimable again. */
    RUNNING,
    /** Weights stored, run logged, figures filled in. */
    FINISHED,
    /** The data was bad; retraining the same bytes cannot help. */
    FAILED,
    /** A dependency failed mid-way; the next delivery of the event may claim it again. */
    INTERRUPTED
}
