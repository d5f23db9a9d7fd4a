package io.prodcat.train;

import io.prodcat.events.EventData;
import io.prodcat.events.TrainingCompleted;
import io.prodcat.events.TrainingFailed;
import io.prodcat.events.TrainingSkipped;

/**
 * How one delivery of {@code dataset.uploaded} ended; each case is one reply type (its record names the type). An
 * outage is thrown instead.
 */
sealed interface TrainOutcome {

    /** The reply's data. */
    EventData event();

    /** Trained, stored, tracked, recorded: {@code training.completed}. */
    record Trained(TrainingCompleted event) implements TrainOutcome {}

    /** The data is unusable; the ledger says FAILED and why: {@code training.failed}. */
    record Failed(TrainingFailed event) implements TrainOutcome {}

    /** Trained already, training elsewhere, or failed before on the same bytes: {@code training.skipped}. */
    record Skipped(TrainingSkipped event) implements TrainOutcome {}
}
