package io.prodcat.engine.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.prodcat.engine.dataset.Dataset;
import io.prodcat.engine.dataset.LabelledText;
import io.prodcat.engine.evaluation.Evaluation;
import io.prodcat.engine.evaluation.Evaluator;
import io.prodcat.engine.features.SparseMatrix;
import io.prodcat.engine.features.SparseVector;
import io.prodcat.engine.model.SparseWeights;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CompactionTest {

    /**
     * A long-tail catalogue: ten frequent classes of short titles and six rare ones of five long titles each (65
     * words, 60 of them shared by every class, so each n-gram carries little). One threshold for every class (the rule before: tolerance infinite) drops most of
     * a rare class's small weights and silences it; per class, compaction keeps what the class needs.
     */
    @Test
    void aRareClassThatTheLosslessModelPredictsIsStillPredictedWhenCompacted() {
        Dataset catalogue = LongTail.dataset(1);
        List<LabelledText> validation = LongTail.rows(2, 120, 8);
        Evaluation lossless = Evaluator.evaluate(
                new LinearTrainer(Hyperparameters.DEFAULT)
                        .withLosslessWeights()
                        .train(catalogue)
                        .model(),
                validation);
        Evaluation compacted = Evaluator.evaluate(
                new LinearTrainer(Hyperparameters.DEFAULT).train(catalogue).model(), validation);
        Evaluation oneThreshold = Evaluator.evaluate(
                new LinearTrainer(HyperparameterOverrides.apply(
                                Hyperparameters.DEFAULT, Map.of("compactionTolerance", "Infinity")))
                        .train(catalogue)
                        .model(),
                validation);

        List<String> predictedLossless = predictedRight(lossless);
        assertThat(predictedLossless).containsAll(LongTail.RARE);
        assertThat(predictedRight(compacted)).containsAll(predictedLossless);
        assertThat(compacted.macroF1()).isGreaterThanOrEqualTo(lossless.macroF1() - 0.002);
        assertThat(compacted.minF1()).isGreaterThanOrEqualTo(lossless.minF1());
        // the case needs it: one threshold for every class (the rule before) silences rare classes here
        assertThat(predictedLossless)
                .anyMatch(label -> !predictedRight(oneThreshold).contains(label));
    }

    /** Every row, or (as under negative sampling) a class's own subset of them: its problem's rows are checked. */
    @Test
    void theDroppedWeightsMoveNoScoreOfTheClasssProblemRowsByMoreThanTheTolerance() {
        Random random = new Random(7);
        int columns = 400;
        List<SparseVector> rows = new ArrayList<>();
        for (int row = 0; row < 300; row++) {
            int[] picked = random.ints(0, columns).distinct().limit(40).sorted().toArray();
            float[] values = new float[picked.length];
            for (int e = 0; e < values.length; e++) {
                values[e] = 0.05f + 0.2f * random.nextFloat();
            }
            rows.add(new SparseVector(picked, values));
        }
        SparseMatrix matrix = SparseMatrix.of(rows, columns);
        for (double tolerance : new double[] {0.01, 0.05, 0.2}) {
            Compaction compaction = new Compaction(matrix, tolerance);
            for (int c = 0; c < 20; c++) {
                float scale = (float) Math.pow(10, -3 + 2.5 * random.nextDouble()); // tiny to large weights
                float[] dense = new float[columns];
                for (int column = 0; column < columns; column++) {
                    dense[column] = random.nextInt(4) == 0 ? 0 : (float) (scale * random.nextGaussian());
                }
                int[] checked = c % 2 == 0
                        ? IntStream.range(0, rows.size()).toArray()
                        : IntStream.range(0, rows.size())
                                .filter(row -> random.nextBoolean())
                                .toArray();
                SparseWeights.ClassWeights kept = compaction.compact(dense, checked, checked.length);
                float[] keptDense = new float[columns];
                for (int e = 0; e < kept.columns().length; e++) {
                    keptDense[kept.columns()[e]] = kept.weights()[e];
                }
                double largest = IntStream.range(0, columns)
                        .mapToDouble(column -> Math.abs(dense[column]))
                        .max()
                        .orElseThrow();
                for (int checkedRow : checked) {
                    SparseVector row = rows.get(checkedRow);
                    double moved = 0;
                    double rounding = 0; // the 16-bit grid: half a step per weight at most
                    for (int e = 0; e < row.columns().length; e++) {
                        moved += (dense[row.columns()[e]] - keptDense[row.columns()[e]]) * row.values()[e];
                        rounding += row.values()[e] * largest / Short.MAX_VALUE / 2;
                    }
                    assertThat(Math.abs(moved)).isLessThanOrEqualTo(tolerance + rounding + 1e-6);
                }
            }
            assertThat(IntStream.of(compaction.classesPerLevel()).sum()).isEqualTo(20);
        }
    }

    private static List<String> predictedRight(Evaluation evaluation) {
        return IntStream.range(0, evaluation.labels().size())
                .filter(c -> evaluation.confusion()[c][c] > 0)
                .mapToObj(c -> evaluation.labels().get(c))
                .toList();
    }

    /** The made-up long-tail catalogue: reproducible for a seed. */
    static final class LongTail {
        static final List<String> RARE =
                IntStream.range(0, 6).mapToObj(r -> "rare-" + r).toList();
        private static final int FREQUENT = 10;

        static Dataset dataset(long seed) {
            List<LabelledText> rows = rows(seed, 120, 5);
            return new Dataset(
                    rows,
                    rows.stream().map(LabelledText::label).distinct().sorted().toList(),
                    "0123456789abcdef0123456789abcdef01234567");
        }

        /** Titles of each frequent class and each rare class; the words of the catalogue are the same for any seed. */
        static List<LabelledText> rows(long seed, int perFrequent, int perRare) {
            Random words = new Random(33);
            List<String> shared = words(words, 80);
            List<List<String>> own = new ArrayList<>();
            for (int c = 0; c < FREQUENT + RARE.size(); c++) {
                own.add(words(words, 25));
            }
            Random random = new Random(seed);
            List<LabelledText> rows = new ArrayList<>();
            for (int c = 0; c < FREQUENT; c++) {
                for (int r = 0; r < perFrequent; r++) {
                    rows.add(new LabelledText(title(random, own.get(c), 3, shared, 2), "frequent-" + c));
                }
            }
            for (int c = 0; c < RARE.size(); c++) {
                for (int r = 0; r < perRare; r++) {
                    rows.add(new LabelledText(title(random, own.get(FREQUENT + c), 5, shared, 60), RARE.get(c)));
                }
            }
            return rows;
        }

        private static String title(
                Random random, List<String> own, int ownWords, List<String> shared, int sharedWords) {
            List<String> words = new ArrayList<>();
            for (int w = 0; w < ownWords; w++) {
                words.add(own.get(random.nextInt(own.size())));
            }
            for (int w = 0; w < sharedWords; w++) {
                words.add(shared.get(random.nextInt(shared.size())));
            }
            java.util.Collections.shuffle(words, random);
            return String.join(" ", words);
        }

        private static List<String> words(Random random, int count) {
            String consonants = "bcdfghklmnprstvz";
            String vowels = "aeiou";
            List<String> words = new ArrayList<>();
            for (int w = 0; w < count; w++) {
                StringBuilder word = new StringBuilder();
                for (int s = 0; s < 3; s++) {
                    word.append(consonants.charAt(random.nextInt(consonants.length())))
                            .append(vowels.charAt(random.nextInt(vowels.length())));
                }
                words.add(word.toString());
            }
            return words;
        }
    }
}
