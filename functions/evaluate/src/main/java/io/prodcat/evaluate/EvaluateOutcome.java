package io.prodcat.evaluate;

import io.prodcat.events.EvaluationCompleted;
import io.prodcat.events.EvaluationFailed;
import io.prodcat.events.EventData;
import io.prodcat.events.ModelPromoted;

/**
 * How one delivery of {@code training.completed} ended; each case is one reply (its record names the type). An outage
 * is thrown instead.
 */
sealed interface EvaluateOutcome {

    /** The reply's data. */
    EventData event();

    /** Passed the gate: alias {@code champion} moved to this version; {@code model.promoted}. */
    record Promoted(ModelPromoted event) implements EvaluateOutcome {}

    /** Evaluated and registered; the gate kept the champion: {@code evaluation.completed}. */
    record NotPromoted(EvaluationCompleted event) implements EvaluateOutcome {}

    /**
     * Passed the gate while a rollout mode ({@code shadow}, {@code canary}) is set: alias {@code challenger} moved to
     * this version, the champion stays until the rollout check decides; {@code evaluation.completed}.
     */
    record OnTrial(EvaluationCompleted event) implements EvaluateOutcome {}

    /** A redelivery: the figures recorded before, nothing changed: {@code evaluation.completed}. */
    record AlreadyEvaluated(EvaluationCompleted event) implements EvaluateOutcome {}

    /** The training cannot be evaluated (unknown, unfinished, or its data gone): {@code evaluation.failed}. */
    record Failed(EvaluationFailed event) implements EvaluateOutcome {}
}
