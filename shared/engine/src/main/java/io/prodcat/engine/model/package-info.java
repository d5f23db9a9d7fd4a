/**
 * The trained model and its file: {@link io.prodcat.engine.model.LinearClassifier} scores texts (top-k with calibrated
 * probabilities), {@link io.prodcat.engine.model.ModelFile} writes and reads the versioned, checksummed format with its
 * provenance; a file that is not a model is a {@link io.prodcat.engine.model.ModelFormatException}.
 */
package io.prodcat.engine.model;
