/**
 * The train function: MinIO's webhook ({@code POST /minio}) becomes {@code dataset.uploaded}; {@code POST /} takes
 * that event, fingerprints the dataset, claims it in the ledger, trains, stores the weights and the holdout manifest,
 * logs the MLflow run and answers with one {@link io.prodcat.train.TrainOutcome}.
 */
package io.prodcat.train;
