package io.prodcat.train;

import io.prodcat.events.EventType;
import io.prodcat.events.OutgoingEvent;
import io.prodcat.events.TrainingCompleted;
import io.prodcat.events.TrainingFailed;
import io.prodcat.events.TrainingSkipped;

/** How one delivery of {@code dataset.uploaded} ended; each outcome is one reply type. An outage is thrown instead. */
sealed interface TrainOutcome {

    /** The reply event, its subject the dataset's s3:// URI. */
    OutgoingEvent reply();

    /** Trained, stored, tracked, recorded. */
    record Trained(TrainingCompleted event) implements TrainOutcome {
        public OutgoingEvent reply() {
            return new OutgoingEvent(EventType.TRAINING_COMPLETED, event.datasetPath(), event);
        }
    }

    /** The data is unusable; the ledger says FAILED and why. */
    record Failed(TrainingFailed event) implements TrainOutcome {
        public OutgoingEvent reply() {
            return new OutgoingEvent(EventType.TRAINING_FAILED, event.datasetPath(), event);
        }
    }

    /** Trained already, training elsewhere, or failed before on the same bytes. */
    record Skipped(TrainingSkipped event) implements TrainOutcome {
        public OutgoingEvent reply() {
            return new OutgoingEvent(EventType.TRAINING_SKIPPED, event.datasetPath(), event);
        }
    }
}
