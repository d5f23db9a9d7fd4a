package io.prodcat.engine.model;

/**
 * A predicted label with its probability (temperature-scaled softmax of the model's scores).
 */
public record ScoredLabel(String label, double probability) {}
