/**
 * The evaluate function: {@code training.completed} in; the model scored on the rows its training held out and on
 * unseen feedback, {@code model_metrics} rows, MLflow figures and pictures, a registry version, and the quality gate
 * that moves alias {@code champion}; one {@link io.prodcat.evaluate.EvaluateOutcome} out.
 */
package io.prodcat.evaluate;
