/**
 * Scoring a model on labelled rows: macro-F1, the worst class's F1, accuracy, weighted F1, per-class figures and the
 * confusion matrix ({@link io.prodcat.engine.evaluation.Evaluation}), computed by {@link io.prodcat.engine.evaluation.Evaluator}.
 */
package io.prodcat.engine.evaluation;
