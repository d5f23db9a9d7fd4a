package io.prodcat.engine.evaluation;

import java.util.ArrayList;
import java.util.List;

/**
 * Quality of predictions against the truth, immutable.
 *
 * <ul>
 *   <li>{@code macroF1}: unweighted mean of per-class F1 over the classes that occur in the truth or in the
 *       predictions (scikit-learn's rule); a class in neither has no F1 and is left out.</li>
 *   <li>{@code weightedF1}: per-class F1 weighted by support.</li>
 *   <li>{@code minF1}: the lowest F1 among the classes present in the evaluated data (support &gt; 0); a class
 *       that is only ever wrongly predicted lowers the macro-F1 but not min_f1.</li>
 * </ul>
 *
 * @param labels    row/column order of the confusion matrix
 * @param confusion confusion[truth][predicted] counts
 */
public record Evaluation(
        int sampleCount,
        double accuracy,
        double macroF1,
        double weightedF1,
        double minF1,
        List<ClassMetrics> perClass,
        List<String> labels,
        int[][] confusion) {

    /**
     * @param labels    class names; truth and predicted values index into it
     * @param truth     true class of each row
     * @param predicted predicted class of each row
     */
    public static Evaluation of(List<String> labels, int[] truth, int[] predicted) {
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException(
                    "truth and predictions differ in length: " + truth.length + " vs " + predicted.length);
        }
        if (truth.length == 0) {
            throw new IllegalArgumentException("nothing to evaluate: no rows");
        }
        int classes = labels.size();
        int[][] confusion = new int[classes][classes];
        int correct = 0;
        for (int i = 0; i < truth.length; i++) {
            confusion[truth[i]][predicted[i]]++;
            correct += truth[i] == predicted[i] ? 1 : 0;
        }
        List<ClassMetrics> perClass = new ArrayList<>();
        double f1Sum = 0;
        int f1Count = 0;
        double weightedSum = 0;
        double minF1 = Double.NaN;
        for (int c = 0; c < classes; c++) {
            int truePositives = confusion[c][c];
            int support = 0;
            int predictedCount = 0;
            for (int o = 0; o < classes; o++) {
                support += confusion[c][o];
                predictedCount += confusion[o][c];
            }
            double precision = predictedCount == 0 ? 0 : (double) truePositives / predictedCount;
            double recall = support == 0 ? 0 : (double) truePositives / support;
            double f1 = truePositives == 0 ? 0 : 2.0 * truePositives / (support + predictedCount);
            perClass.add(new ClassMetrics(labels.get(c), precision, recall, f1, support));
            if (support > 0 || predictedCount > 0) {
                f1Sum += f1;
                f1Count++;
            }
            weightedSum += f1 * support;
            if (support > 0) {
                minF1 = Double.isNaN(minF1) ? f1 : Math.min(minF1, f1);
            }
        }
        return new Evaluation(
                truth.length,
                (double) correct / truth.length,
                f1Sum / f1Count,
                weightedSum / truth.length,
                minF1,
                List.copyOf(perClass),
                List.copyOf(labels),
                confusion);
    }

    /** The class with the lowest F1 among those present in the data. */
    public ClassMetrics worstClass() {
        return perClass.stream()
                .filter(metrics -> metrics.support() > 0)
                .min(java.util.Comparator.comparingDouble(ClassMetrics::f1))
                .orElseThrow();
    }
}
