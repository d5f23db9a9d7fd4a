package io.prodcat.engine.dataset;

/** One training example: a product title (several text columns joined by a space) and its category. */
public record LabelledText(String text, String label) {}
