package io.prodcat.engine.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.prodcat.engine.evaluation.Evaluation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ValidationScoresTest {

    private static final int ROWS = 50;
    private static final int CLASSES = 80; // more than are kept per row

    @Test
    void keepsEachRowsBestClassesAndItsTruthWhateverTheOrderClassesArrive() {
        float[][] byClass = randomScores(11);
        int[] truth = IntStream.range(0, ROWS).map(row -> (row * 7) % CLASSES).toArray();
        List<Integer> order =
                new ArrayList<>(IntStream.range(0, CLASSES).boxed().toList());
        ValidationScores ascending = filled(truth, byClass, order);
        Collections.shuffle(order, new Random(3));
        ValidationScores shuffled = filled(truth, byClass, order);

        for (int row = 0; row < ROWS; row++) {
            assertThat(candidates(shuffled, row)).isEqualTo(candidates(ascending, row));
            Set<Integer> expected = new HashSet<>(bestClasses(byClass, row, ValidationScores.KEPT_PER_ROW));
            expected.add(truth[row]);
            assertThat(candidates(ascending, row)).isEqualTo(expected);
        }
        assertThat(ascending.predict(new double[CLASSES])).isEqualTo(shuffled.predict(new double[CLASSES]));
        for (int row = 0; row < ROWS; row++) {
            assertThat(ascending.predict(new double[CLASSES])[row])
                    .isEqualTo(bestClasses(byClass, row, 1).get(0));
        }
    }

    @Test
    void classOffsetsLiftAClassThatScoresJustBelowOnItsOwnRows() {
        // class 1's rows score it 0.1 below class 0; class 0's rows score class 1 far below
        int[] truth = {0, 0, 0, 1, 1};
        ValidationScores scores = new ValidationScores(truth, 2);
        scores.add(0, new float[] {1f, 1f, 1f, 0.5f, 0.5f});
        scores.add(1, new float[] {-1f, -1f, -1f, 0.4f, 0.4f});
        List<String> labels = List.of("a", "b");
        double before =
                Evaluation.of(labels, truth, scores.predict(new double[2])).macroF1();

        double[] offsets = ClassOffsets.tune(scores);

        assertThat(before).isLessThan(1.0);
        assertThat(Evaluation.of(labels, truth, scores.predict(offsets)).macroF1())
                .isEqualTo(1.0);
        assertThat(offsets[1] - offsets[0]).isBetween(0.1, ClassOffsets.MAX_OFFSET * 2);
    }

    @Test
    void tunedOffsetsNeverScoreBelowNoOffsetsByTheEvaluationsOwnCount() {
        float[][] byClass = randomScores(5);
        int[] truth = IntStream.range(0, ROWS)
                .map(row -> bestClasses(byClass, row, 3).get(row % 3))
                .toArray(); // the truth is often the second or third best: room for offsets
        ValidationScores scores =
                filled(truth, byClass, IntStream.range(0, CLASSES).boxed().toList());
        List<String> labels = IntStream.range(0, CLASSES).mapToObj(c -> "c" + c).toList();

        double[] offsets = ClassOffsets.tune(scores);

        double before = Evaluation.of(labels, truth, scores.predict(new double[CLASSES]))
                .macroF1();
        double after = Evaluation.of(labels, truth, scores.predict(offsets)).macroF1();
        assertThat(after).isGreaterThan(before);
        assertThat(java.util.Arrays.stream(offsets).map(Math::abs).max().orElseThrow())
                .isLessThanOrEqualTo(ClassOffsets.MAX_OFFSET);
    }

    @Test
    void classOffsetsIgnoreStepsWorthLessThanTheMinimumGain() {
        // 1,000 rows of each class; `missed` of class 1's rows score it 0.1 below class 0, the rest are right
        for (int missed : new int[] {1, 10}) {
            int[] truth =
                    IntStream.range(0, 2000).map(row -> row < 1000 ? 0 : 1).toArray();
            ValidationScores scores = new ValidationScores(truth, 2);
            float[] zero = new float[2000];
            float[] one = new float[2000];
            for (int row = 0; row < 2000; row++) {
                zero[row] = row < 1000 + missed ? 1f : -1f;
                one[row] = row < 1000 ? -1f : row < 1000 + missed ? 0.9f : 1f;
            }
            scores.add(0, zero);
            scores.add(1, one);

            double[] offsets = ClassOffsets.tune(scores);

            // lifting class 1 gains about 0.0005 macro-F1 per row it wins back
            if (missed == 1) {
                assertThat(offsets).containsOnly(0.0);
            } else {
                assertThat(offsets[1] - offsets[0]).isGreaterThan(0.1);
            }
        }
    }

    private static float[][] randomScores(long seed) {
        Random random = new Random(seed);
        float[][] byClass = new float[CLASSES][ROWS];
        for (float[] column : byClass) {
            for (int row = 0; row < ROWS; row++) {
                column[row] = (float) random.nextGaussian();
            }
        }
        return byClass;
    }

    private static ValidationScores filled(int[] truth, float[][] byClass, List<Integer> order) {
        ValidationScores scores = new ValidationScores(truth, CLASSES);
        for (int c : order) {
            scores.add(c, byClass[c]);
        }
        return scores;
    }

    private static Set<Integer> candidates(ValidationScores scores, int row) {
        Set<Integer> classes = new HashSet<>();
        for (int candidate = 0; candidate < scores.candidates(row); candidate++) {
            classes.add(scores.candidateClass(row, candidate));
            assertThat(scores.candidateScore(row, candidate)).isNotNaN();
        }
        return classes;
    }

    private static List<Integer> bestClasses(float[][] byClass, int row, int count) {
        return IntStream.range(0, CLASSES)
                .boxed()
                .sorted((a, b) -> Float.compare(byClass[b][row], byClass[a][row]))
                .limit(count)
                .toList();
    }
}
