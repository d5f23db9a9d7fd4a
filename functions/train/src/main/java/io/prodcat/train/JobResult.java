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

    /**
     * Not trained: {@code training.failed} (the data is unusable; the ledger says FAILED and why) or
     * {@code training.skipped} (trained already, training elsewhere, or failed before on the same bytes).
     */
    record NotTrained(String eventType, TrainingOutcome outcome) implements JobResult {
        static NotTrained failed(TrainingOutcome outcome) {
            return new NotTrained(EventTypes.TRAINING_FAILED, outcome);
        }

        static NotTrained skipped(TrainingOutcome outcome) {
            return new NotTrained(EventTypes.TRAINING_SKIPPED, outcome);
        }

        public Object data() {
            return outcome;
        }

        public String subject() {
            return outcome.datasetPath();
        }
    }
}
