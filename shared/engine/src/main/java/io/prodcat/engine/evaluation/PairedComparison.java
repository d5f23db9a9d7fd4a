package io.prodcat.engine.evaluation;

import io.prodcat.engine.dataset.LabelledText;
import io.prodcat.engine.model.LinearClassifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Two models scored on the same rows, and how much of their macro-F1 difference is noise: the standard deviation of
 * the difference over bootstrap resamples of the rows, each resample the same for both models (so what they get right
 * or wrong alike cancels out). Two trainings on nearly the same data differ by about this much by chance alone.
 *
 * @param noise      standard deviation of {@code candidate.macroF1() - champion.macroF1()} over the resamples
 * @param classNoise the same for each class's F1 (classes in the rows' truth)
 */
public record PairedComparison(
        Evaluation candidate, Evaluation champion, double noise, java.util.Map<String, Double> classNoise) {

    public PairedComparison {
        classNoise = java.util.Map.copyOf(classNoise);
    }

    /** Resamples drawn; the seed is fixed, so the same models and rows always give the same figure. */
    public static final int RESAMPLES = 200;

    private static final long SEED = 20_261_206L;

    public double difference() {
        return candidate.macroF1() - champion.macroF1();
    }

    /** @throws IllegalArgumentException when there are no rows */
    public static PairedComparison of(LinearClassifier candidate, LinearClassifier champion, List<LabelledText> rows) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("a comparison needs rows");
        }
        List<String> labels = new ArrayList<>(candidate.labels());
        champion.labels().stream().filter(label -> !labels.contains(label)).forEach(labels::add);
        int[] truth = Evaluator.truthIndices(labels, rows);
        int[] byCandidate = predictions(candidate, rows, labels);
        int[] byChampion = predictions(champion, rows, labels);
        Random random = new Random(SEED);
        int n = rows.size();
        Spread macro = new Spread();
        java.util.Map<String, Spread> perClass = new java.util.HashMap<>();
        int[] t = new int[n];
        int[] a = new int[n];
        int[] b = new int[n];
        for (int resample = 0; resample < RESAMPLES; resample++) {
            for (int i = 0; i < n; i++) {
                int row = random.nextInt(n);
                t[i] = truth[row];
                a[i] = byCandidate[row];
                b[i] = byChampion[row];
            }
            Evaluation first = Evaluation.of(labels, t, a);
            Evaluation second = Evaluation.of(labels, t, b);
            macro.add(first.macroF1() - second.macroF1());
            java.util.Map<String, Double> secondF1 = new java.util.HashMap<>();
            second.perClass().forEach(figures -> secondF1.put(figures.label(), figures.f1()));
            for (ClassMetrics figures : first.perClass()) {
                perClass.computeIfAbsent(figures.label(), label -> new Spread())
                        .add(figures.f1() - secondF1.getOrDefault(figures.label(), 0.0));
            }
        }
        java.util.Map<String, Double> classNoise = new java.util.HashMap<>();
        perClass.forEach((label, spread) -> classNoise.put(label, spread.deviation(RESAMPLES)));
        return new PairedComparison(
                Evaluation.of(labels, truth, byCandidate),
                Evaluation.of(labels, truth, byChampion),
                macro.deviation(RESAMPLES),
                classNoise);
    }

    /** The noise of {@code label}'s F1 difference; 0 for a class the rows do not hold. */
    public double classNoise(String label) {
        return classNoise.getOrDefault(label, 0.0);
    }

    /** Running sums of a difference over the resamples; a class absent from a resample counts as no difference. */
    private static final class Spread {
        private double sum;
        private double sumOfSquares;

        void add(double difference) {
            sum += difference;
            sumOfSquares += difference * difference;
        }

        double deviation(int resamples) {
            double mean = sum / resamples;
            return Math.sqrt(Math.max(0, sumOfSquares / resamples - mean * mean));
        }
    }

    /** Each row's predicted label as an index into {@code labels}. */
    private static int[] predictions(LinearClassifier model, List<LabelledText> rows, List<String> labels) {
        int[] toUnion = model.labels().stream().mapToInt(labels::indexOf).toArray();
        return rows.parallelStream()
                .mapToInt(row -> toUnion[model.predictIndex(row.text())])
                .toArray();
    }
}
