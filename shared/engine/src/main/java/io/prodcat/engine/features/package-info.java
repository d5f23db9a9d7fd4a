/**
 * Text to sparse vectors: normalisation, word and character n-grams hashed into a fixed space, TF-IDF weighting
 * ({@link io.prodcat.engine.features.FeatureSpace}). The feature configuration travels with the model, so a loaded model
 * vectorises text exactly as it was trained.
 */
package io.prodcat.engine.features;
