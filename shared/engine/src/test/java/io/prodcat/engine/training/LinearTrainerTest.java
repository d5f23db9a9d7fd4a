package io.prodcat.engine.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prodcat.engine.dataset.Dataset;
import io.prodcat.engine.dataset.DatasetException;
import io.prodcat.engine.dataset.LabelledText;
import io.prodcat.engine.dataset.SyntheticRows;
import io.prodcat.engine.evaluation.Evaluation;
import io.prodcat.engine.evaluation.Evaluator;
import io.prodcat.engine.model.LinearClassifier;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LinearTrainerTest {

    private static final Hyperparameters FAST = HyperparameterOverrides.apply(
            Hyperparameters.DEFAULT, Map.of("costs", "0.5,1", "classWeightPowers", "0.5,0"));

    @Test
    void learnsSeparableCategoriesAndScoresEveryCheckpoint() {
        TrainingResult result = new LinearTrainer(FAST).train(SyntheticRows.dataset(60, 1));
        Evaluation onNewRows = Evaluator.evaluate(result.model(), SyntheticRows.rows(25, 2));

        assertThat(onNewRows.accuracy()).isGreaterThan(0.97);
        assertThat(onNewRows.minF1()).isGreaterThan(0.9);
        assertThat(result.checkpoints())
                .extracting(Checkpoint::name)
                .containsExactly("checkpoint-1", "checkpoint-2", "checkpoint-3");
        assertThat(result.checkpoints())
                .extracting(Checkpoint::classWeightPower)
                .containsExactly(0.5, 0.5, 0.0);
        assertThat(result.best().validationMacroF1())
                .isEqualTo(result.checkpoints().stream()
                        .mapToDouble(Checkpoint::validationMacroF1)
                        .max()
                        .orElseThrow());
        assertThat(result.trainRows() + result.validationRows()).isEqualTo(240);
        assertThat(result.model().provenance().trainingRows()).isEqualTo(240);
        assertThat(result.model().provenance().bestCheckpoint())
                .isEqualTo(result.best().name());
    }

    @Test
    void sameDataAndSeedGiveIdenticalModelsWhateverTheThreadCount() {
        Dataset data = SyntheticRows.dataset(40, 3);
        LinearClassifier one =
                new LinearTrainer(FAST.withThreads(1)).train(data).model();
        LinearClassifier two =
                new LinearTrainer(FAST.withThreads(2)).train(data).model();

        for (LabelledText row : SyntheticRows.rows(10, 4)) {
            assertThat(two.predict(row.text(), 4)).isEqualTo(one.predict(row.text(), 4));
        }
    }

    @Test
    void tooFewRowsForValidationIsADatasetError() {
        Dataset singletons = new Dataset(
                List.of(new LabelledText("milk", "dairy"), new LabelledText("chips", "snacks")),
                List.of("dairy", "snacks"),
                "0".repeat(40));

        assertThatThrownBy(() -> new LinearTrainer(FAST).train(singletons))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("every class has a single row");
    }

    @Test
    void hyperparametersAreValidatedWithTheBadValueNamed() {
        assertThatThrownBy(() -> HyperparameterOverrides.apply(Hyperparameters.DEFAULT, Map.of("costs", "1,0.5")))
                .hasMessageContaining("strictly ascending")
                .hasMessageContaining("[1.0, 0.5]");
        assertThatThrownBy(() -> HyperparameterOverrides.apply(Hyperparameters.DEFAULT, Map.of("learningRate", "1")))
                .hasMessageContaining("unknown hyperparameter 'learningRate'");
        assertThatThrownBy(() -> HyperparameterOverrides.apply(Hyperparameters.DEFAULT, Map.of("refit", "yes")))
                .hasMessageContaining("refit must be true or false");
        assertThatThrownBy(() ->
                        HyperparameterOverrides.apply(Hyperparameters.DEFAULT, Map.of("validationFraction", "0.9")))
                .hasMessageContaining("validationFraction must be in (0, 0.5)");
    }

    @Test
    void sampledNegativesKeepTheSiblingsAndStillSeparateTheTree() {
        Dataset paths = SyntheticRows.pathDataset(60, 5);
        Hyperparameters sampled = HyperparameterOverrides.apply(FAST, Map.of("negativeSample", "10"));

        LinearClassifier exact = new LinearTrainer(FAST).train(paths, " > ").model();
        LinearClassifier fromSample =
                new LinearTrainer(sampled).train(paths, " > ").model();

        List<LabelledText> unseen = SyntheticRows.pathDataset(25, 6).rows();
        assertThat(Evaluator.evaluate(fromSample, unseen).accuracy()).isGreaterThan(0.95);
        assertThat(Evaluator.evaluate(exact, unseen).accuracy()).isGreaterThan(0.95);
        // each class saw its sibling's rows and about five of the other branch's: fewer support vectors, other weights
        assertThat(fromSample.weights().nonZeros()).isNotEqualTo(exact.weights().nonZeros());
        assertThat(fromSample.provenance().hyperparameters()).containsEntry("negativeSample", "10");
        assertThat(exact.provenance().hyperparameters()).doesNotContainKey("negativeSample");
        assertThatThrownBy(() -> HyperparameterOverrides.apply(FAST, Map.of("negativeSample", "-2")))
                .hasMessageContaining("negativeSample >= -1");
        // by default only problems of more than 20 million training rows × classes are sampled
        assertThat(FAST.effectiveNegativeSample(200, 4)).isZero();
        assertThat(FAST.effectiveNegativeSample(400_000, 5000)).isEqualTo(Hyperparameters.AUTO_SAMPLE_SIZE);
        assertThat(sampled.effectiveNegativeSample(200, 4)).isEqualTo(10);
    }

    @Test
    void fingerprintFollowsEverySettingButTheThreadCount() {
        Hyperparameters base = Hyperparameters.DEFAULT;

        assertThat(base.withThreads(7).fingerprint())
                .isEqualTo(base.fingerprint())
                .hasSize(40);
        assertThat(HyperparameterOverrides.apply(base, Map.of("seed", "43")).fingerprint())
                .isNotEqualTo(base.fingerprint());
        assertThat(HyperparameterOverrides.apply(base, Map.of("features.charMaxN", "6"))
                        .fingerprint())
                .isNotEqualTo(base.fingerprint());
        assertThat(HyperparameterOverrides.apply(base, HyperparameterOverrides.describe(base)))
                .isEqualTo(base);
    }

    @Test
    void eachCheckpointIsScoredWithEveryNodeShareAndTheModelKeepsTheNodesOnlyWhenAShareAboveZeroWins() {
        Dataset paths = crossedTree(40, 7);

        TrainingResult chosen = new LinearTrainer(FAST).train(paths, " > ");
        TrainingResult always =
                new LinearTrainer(HyperparameterOverrides.apply(FAST, Map.of("nodeShares", "1"))).train(paths, " > ");
        TrainingResult never =
                new LinearTrainer(HyperparameterOverrides.apply(FAST, Map.of("nodeShares", "0"))).train(paths, " > ");

        assertThat(chosen.checkpoints()).extracting(Checkpoint::nodeShare).allMatch(List.of(0.0, 0.5, 1.0)::contains);
        assertThat(chosen.model().nodeWeights().isPresent())
                .isEqualTo(chosen.best().nodeShare() > 0);
        assertThat(chosen.best().validationMacroF1())
                .isGreaterThanOrEqualTo(always.best().validationMacroF1())
                .isGreaterThanOrEqualTo(never.best().validationMacroF1());
        assertThat(always.checkpoints()).extracting(Checkpoint::nodeShare).containsOnly(1.0);
        assertThat(always.model().nodeWeights().orElseThrow().share()).isEqualTo(1f);
        assertThat(always.model().nodeWeights().orElseThrow().weights().classes())
                .isEqualTo(6);
        assertThat(Evaluator.evaluate(always.model(), crossedTree(20, 8).rows()).accuracy())
                .isGreaterThan(0.4);
        assertThat(never.checkpoints()).extracting(Checkpoint::nodeShare).containsOnly(0.0);
        assertThat(never.model().nodeWeights()).isEmpty();
        assertThat(never.model().provenance().hyperparameters()).containsEntry("nodeShares", "0.0");
        assertThat(chosen.model().provenance().hyperparameters()).doesNotContainKey("nodeShares");
        assertThatThrownBy(() -> HyperparameterOverrides.apply(FAST, Map.of("nodeShares", "-1")))
                .hasMessageContaining("nodeShares must be a non-empty list of values in [0, 10]");
    }

    /**
     * Six departments of three aisles. Some titles name their aisle; most name their department with one of its ten
     * words; every title has a filler word.
     */
    private static Dataset crossedTree(int perLeaf, long seed) {
        java.util.Random random = new java.util.Random(seed);
        List<String> leaves = new java.util.ArrayList<>();
        for (String department : List.of("a", "b", "c", "d", "e", "f")) {
            for (int aisle = 1; aisle <= 3; aisle++) {
                leaves.add(department + " > " + department + aisle);
            }
        }
        List<LabelledText> rows = new java.util.ArrayList<>();
        for (int i = 0; i < perLeaf; i++) {
            for (String leaf : leaves) {
                StringBuilder text = new StringBuilder("filler" + random.nextInt(40));
                if (random.nextDouble() < 0.4) {
                    text.append(' ').append(leaf.substring(4)).append("aisle");
                }
                if (random.nextDouble() < 0.8) {
                    text.append(' ').append(leaf, 0, 1).append("dept").append(random.nextInt(10));
                }
                rows.add(new LabelledText(text.toString(), leaf));
            }
        }
        return new Dataset(rows, leaves, "0".repeat(40));
    }
}
