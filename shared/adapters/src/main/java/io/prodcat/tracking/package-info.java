/**
 * Experiment tracking and the model registry: {@link io.prodcat.tracking.ExperimentTracker} and
 * {@link io.prodcat.tracking.ArtifactStore} on MLflow (or {@link io.prodcat.tracking.UntrackedRuns} when tracking is off),
 * {@link io.prodcat.tracking.ModelRegistry} on MLflow's REST registry or on the ledger tables
 * ({@link io.prodcat.tracking.LedgerModelRegistry}). Failures are {@link io.prodcat.tracking.TrackingException}.
 */
package io.prodcat.tracking;
