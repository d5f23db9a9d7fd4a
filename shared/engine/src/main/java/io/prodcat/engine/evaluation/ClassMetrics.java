package io.prodcat.engine.evaluation;

/**
 * Figures of one class. A class never predicted has precision 0; one absent from the data has recall 0.
 *
 * @param support how many evaluated rows truly belong to the class
 */
public record ClassMetrics(String label, double precision, double recall, double f1, int support) {}
