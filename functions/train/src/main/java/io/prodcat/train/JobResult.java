package io.prodcat.train;

import io.prodcat.events.EventTypes;
import io.prodcat.events.TrainingCompleted;
import io.prodcat.events.TrainingOutcome;

/** How one delivery of a dataset.uploaded event ended (a dependency failure is thrown instead). */
sealed interface JobResult {

    /** The reply's CloudEvent type. */
    String eventType();

    /** The reply's data. */
    Object data();

    /** The dataset's s3:// URI, the reply's subject. */
    String subject();

    /** Trained, stored, tracked, recorded. */
    record Completed(TrainingCompleted event) implements JobResult {
        public String eventType() {
            return EventTypes.TRAINING_COMPLETED;
        }

        public Object data() {
            return event;
        }

        public String subject() {
            return event.datasetPath();
        }
    }

    /** The data is unusable; the ledger says FAILED and why. */
    record Failed(TrainingOutcome outcome) implements JobResult {
        public String eventType() {
            return EventTypes.TRAINING_FAILED;
        }

        public Object data() {
            return outcome;
        }

        public String subject() {
            return outcome.datasetPath();
        }
    }

    /** Nothing to do: trained already, training elsewhere, or failed before on the same bytes. */
    record Skipped(TrainingOutcome outcome) implements JobResult {
        public String eventType() {
            return EventTypes.TRAINING_SKIPPED;
        }

        public Object data() {
            return outcome;
        }

        public String subject() {
            return outcome.datasetPath();
        }
    }
}
