package io.prodcat.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prodcat.dataset.Dataset;
import io.prodcat.dataset.DatasetException;
import io.prodcat.dataset.LabelledText;
import io.prodcat.dataset.SyntheticRows;
import io.prodcat.evaluation.Evaluation;
import io.prodcat.evaluation.Evaluator;
import io.prodcat.model.LinearClassifier;
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
}
