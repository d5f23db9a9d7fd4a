package io.prodcat.evaluate;

import io.prodcat.events.EvaluationCompleted;
import io.prodcat.events.EvaluationFailed;
import io.prodcat.events.EventType;
import io.prodcat.events.ModelPromoted;
import io.prodcat.events.OutgoingEvent;

/** How one delivery of {@code training.completed} ended; each outcome is one reply. An outage is thrown instead. */
sealed interface EvaluateOutcome {

    /** The reply event, its subject the training id. */
    OutgoingEvent reply();

    /** Passed the gate: alias {@code champion} moved to this version. */
    record Promoted(ModelPromoted event) implements EvaluateOutcome {
        public OutgoingEvent reply() {
            return new OutgoingEvent(EventType.MODEL_PROMOTED, event.trainingId(), event);
        }
    }

    /** Evaluated and registered; the gate kept the champion. */
    record NotPromoted(EvaluationCompleted event) implements EvaluateOutcome {
        public OutgoingEvent reply() {
            return new OutgoingEvent(EventType.EVALUATION_COMPLETED, event.trainingId(), event);
        }
    }

    /** A redelivery: the figures recorded before, nothing changed. */
    record AlreadyEvaluated(EvaluationCompleted event) implements EvaluateOutcome {
        public OutgoingEvent reply() {
            return new OutgoingEvent(EventType.EVALUATION_COMPLETED, event.trainingId(), event);
        }
    }

    /** The training cannot be evaluated (unknown, unfinished, or its data gone); retrying cannot help. */
    record Failed(EvaluationFailed event) implements EvaluateOutcome {
        public OutgoingEvent reply() {
            return new OutgoingEvent(EventType.EVALUATION_FAILED, event.trainingId(), event);
        }
    }
}
