/**
 * Labelled datasets: {@link io.prodcat.engine.dataset.CsvDatasetReader} reads a CSV with clear errors
 * ({@link io.prodcat.engine.dataset.DatasetException}) and the SHA-1 of its exact bytes, {@link io.prodcat.engine.dataset.StratifiedSplit}
 * holds out a seeded share of each class, and {@link io.prodcat.engine.dataset.HoldoutManifest} records which rows were held
 * out so that an evaluation scores exactly those. Plain Java: streams and files, no storage or framework types.
 */
package io.prodcat.engine.dataset;
