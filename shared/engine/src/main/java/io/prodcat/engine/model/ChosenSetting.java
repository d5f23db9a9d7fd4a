package io.prodcat.engine.model;

/**
 * The setting a training chose on its validation rows (its best checkpoint's). A training after this model
 * ({@code Parent}) solves at this setting instead of walking the cost path again.
 *
 * @param cost             SVM cost C
 * @param classWeightPower class weighting
 * @param nodeShare        share of the top-level nodes' scores added to their leaves' (0: none)
 */
public record ChosenSetting(double cost, double classWeightPower, double nodeShare) {}
