/**
 * The trained model and its file: {@link io.prodcat.model.LinearClassifier} scores texts (top-k with calibrated
 * probabilities), {@link io.prodcat.model.ModelFile} writes and reads the versioned, checksummed format with its
 * provenance; a file that is not a model is a {@link io.prodcat.model.ModelFormatException}.
 */
package io.prodcat.model;
