package io.prodcat.adapters.persistence;

/**
 * One row of {@code model_metrics_level}: one evaluation's figures at one level of the category tree.
 *
 * @param metricsId {@code model_metrics.id}
 * @param level     1 = the top; the deepest level is the leaves
 * @param classes   nodes at this level
 * @param f1        macro-F1 over those nodes
 * @param minF1     worst F1 of the nodes present in the data
 * @param accuracy  share of rows whose node at this level is right
 */
public record LevelMetricsRow(long metricsId, int level, int classes, double f1, double minF1, double accuracy) {}
