/**
 * Fitting the linear classifier: {@link io.prodcat.engine.training.LinearTrainer} runs one-vs-rest dual coordinate descent
 * ({@link io.prodcat.engine.training.BinarySvmSolver}) over a grid of costs, keeps a checkpoint per setting with its validation
 * macro-F1, and returns the best ({@link io.prodcat.engine.training.TrainingResult}). Hyperparameters are validated records;
 * seeds are explicit; progress goes to the log.
 */
package io.prodcat.engine.training;
