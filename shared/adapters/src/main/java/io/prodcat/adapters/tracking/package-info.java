/**
 * Experiment tracking and the model registry: {@link io.prodcat.adapters.tracking.ExperimentTracker} and
 * {@link io.prodcat.adapters.tracking.ArtifactStore} on MLflow (or {@link io.prodcat.adapters.tracking.UntrackedRuns} when tracking is off),
 * {@link io.prodcat.adapters.tracking.ModelRegistry} on MLflow's REST registry or on the ledger tables
 * ({@link io.prodcat.adapters.tracking.LedgerModelRegistry}). Failures are {@link io.prodcat.adapters.tracking.TrackingException}.
 */
package io.prodcat.adapters.tracking;
