package io.prodcat.engine.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prodcat.engine.dataset.Dataset;
import io.prodcat.engine.dataset.LabelledText;
import io.prodcat.engine.dataset.SyntheticRows;
import io.prodcat.engine.evaluation.Evaluation;
import io.prodcat.engine.evaluation.Evaluator;
import io.prodcat.engine.model.Lineage;
import io.prodcat.engine.model.LinearClassifier;
import io.prodcat.engine.model.ModelFile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WarmStartTest {

    private static final Hyperparameters FAST = HyperparameterOverrides.apply(
            Hyperparameters.DEFAULT, Map.of("costs", "0.5,1", "classWeightPowers", "0.5,0"));

    @Test
    void aClassTheParentNeverSawIsLearnedAndTheParentIsRecorded() {
        Dataset all = SyntheticRows.dataset(60, 1);
        LinearClassifier parent =
                new LinearTrainer(FAST).train(without(all, "pets")).model();
        assertThat(parent.labels()).doesNotContain("pets");

        TrainingResult child = new LinearTrainer(FAST).train(all, null, new Parent(parent, "3", "training-1"));
        Evaluation onNewRows = Evaluator.evaluate(child.model(), SyntheticRows.rows(25, 2));

        assertThat(child.model().labels()).contains("pets");
        assertThat(onNewRows.perClass().stream()
                        .filter(metrics -> metrics.label().equals("pets"))
                        .findFirst()
                        .orElseThrow()
                        .f1())
                .isGreaterThan(0.9);
        assertThat(onNewRows.minF1()).isGreaterThan(0.9);
        Lineage lineage = child.model().provenance().lineage();
        assertThat(lineage.parentVersion()).isEqualTo("3");
        assertThat(lineage.parentTrainingId()).isEqualTo("training-1");
        assertThat(lineage.parentDatasetSha1()).isEqualTo(parent.provenance().datasetSha1());
    }

    @Test
    void theSameDataAgainReproducesTheParentsAnswersAndStaysWarm() {
        Dataset data = SyntheticRows.dataset(60, 3);
        LinearClassifier parent = new LinearTrainer(FAST).train(data).model();

        TrainingResult child = new LinearTrainer(FAST).train(data, null, new Parent(parent, null, null));

        assertThat(child.model().provenance().lineage().start()).isEqualTo(Lineage.WARM);
        assertThat(child.checkpoints()).hasSize(1); // one checkpoint, at the parent's setting: no cost path
        assertThat(child.best().cost()).isEqualTo(parent.provenance().chosen().cost());
        for (LabelledText row : SyntheticRows.rows(30, 4)) {
            assertThat(child.model().predict(row.text(), 1).get(0).label())
                    .isEqualTo(parent.predict(row.text(), 1).get(0).label());
        }
    }

    @Test
    void aParentAtASettingThatNoLongerFitsLosesToTheColdCheckAndTheColdPathIsTrained() {
        // one large class and three small ones: at a tiny cost the weights stay near zero and the biases, which follow
        // the class sizes, answer the large class for nearly every title
        Dataset data = imbalanced(SyntheticRows.rows(200, 5), "dairy", 20);
        LinearClassifier parent = new LinearTrainer(
                        HyperparameterOverrides.apply(FAST, Map.of("costs", "0.00001", "classWeightPowers", "0")))
                .train(data)
                .model();

        TrainingResult child = new LinearTrainer(FAST).train(data, null, new Parent(parent, null, null));

        Lineage lineage = child.model().provenance().lineage();
        assertThat(lineage.start()).isEqualTo(Lineage.COLD);
        assertThat(lineage.coldValidationMacroF1()).isGreaterThan(lineage.warmValidationMacroF1());
        assertThat(lineage.coldCheckRows()).isLessThan(child.trainRows()); // a sample of the training rows
        assertThat(child.checkpoints()).hasSize(1 + 3); // the warm checkpoint, then the whole cold path
        assertThat(child.best().number()).isGreaterThan(1);
        assertThat(Evaluator.evaluate(child.model(), SyntheticRows.rows(25, 6)).minF1())
                .isGreaterThan(
                        Evaluator.evaluate(parent, SyntheticRows.rows(25, 6)).minF1())
                .isGreaterThan(0.8);
    }

    @Test
    void aParentWithOtherFeaturesOrLabelsIsRefusedWithTheReason() throws Exception {
        Dataset flat = SyntheticRows.dataset(40, 7);
        LinearClassifier parent = new LinearTrainer(FAST).train(flat).model();
        Hyperparameters otherNgrams = HyperparameterOverrides.apply(FAST, Map.of("features.charMaxN", "6"));

        assertThatThrownBy(() -> new LinearTrainer(otherNgrams).train(flat, null, new Parent(parent, null, null)))
                .isInstanceOf(IncompatibleParentException.class)
                .hasMessageContaining("features.charMaxN 5 in the parent, 6 here");
        assertThatThrownBy(() -> new LinearTrainer(FAST)
                        .train(SyntheticRows.pathDataset(40, 7), " > ", new Parent(parent, null, null)))
                .isInstanceOf(IncompatibleParentException.class)
                .hasMessageContaining("labels are flat, this training's are paths joined by ' > '");
        Dataset renamed = new Dataset(
                flat.rows().stream()
                        .map(row -> new LabelledText(row.text(), "x-" + row.label()))
                        .toList(),
                flat.labels().stream().map(label -> "x-" + label).toList(),
                flat.sha1());
        assertThatThrownBy(() -> new LinearTrainer(FAST).train(renamed, null, new Parent(parent, null, null)))
                .isInstanceOf(IncompatibleParentException.class)
                .hasMessageContaining("shares no label");
        LinearClassifier beforeWarmStarts;
        try (InputStream in = getClass().getResourceAsStream("/golden/model-format-3.prodcat")) {
            beforeWarmStarts = ModelFile.read(in);
        }
        assertThat(beforeWarmStarts.provenance().chosen()).isNull();
        assertThatThrownBy(() -> new LinearTrainer(FAST)
                        .train(
                                SyntheticRows.pathDataset(40, 7),
                                beforeWarmStarts.pathSeparator().orElse(null),
                                new Parent(beforeWarmStarts, null, null)))
                .isInstanceOf(IncompatibleParentException.class)
                .hasMessageContaining("does not record the setting it was trained at");
    }

    @Test
    void theLineageAndTheChosenSettingRoundTripThroughTheModelFile() throws Exception {
        Dataset data = SyntheticRows.pathDataset(40, 9);
        LinearClassifier parent = new LinearTrainer(FAST).train(data, " > ").model();
        LinearClassifier child = new LinearTrainer(FAST)
                .train(data, " > ", new Parent(parent, "12", "0f1e"))
                .model();

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelFile.write(child, bytes);
        LinearClassifier read = ModelFile.read(new ByteArrayInputStream(bytes.toByteArray()));

        assertThat(read.provenance().lineage()).isEqualTo(child.provenance().lineage());
        assertThat(read.provenance().lineage().parentVersion()).isEqualTo("12");
        assertThat(read.provenance().chosen()).isEqualTo(child.provenance().chosen());
        assertThat(read.provenance().chosen().cost())
                .isEqualTo(child.provenance().chosen().cost());
        for (LabelledText row : SyntheticRows.rows(10, 10)) {
            assertThat(read.predict(row.text(), 2)).isEqualTo(child.predict(row.text(), 2));
        }
    }

    /** Every row of {@code large}, and the first {@code perSmallClass} of each other class. */
    private static Dataset imbalanced(List<LabelledText> rows, String large, int perSmallClass) {
        Map<String, Integer> taken = new java.util.HashMap<>();
        List<LabelledText> kept = rows.stream()
                .filter(row -> row.label().equals(large) || taken.merge(row.label(), 1, Integer::sum) <= perSmallClass)
                .toList();
        return new Dataset(
                kept, kept.stream().map(LabelledText::label).distinct().sorted().toList(), "2".repeat(40));
    }

    private static Dataset without(Dataset data, String label) {
        List<LabelledText> rows =
                data.rows().stream().filter(row -> !row.label().equals(label)).toList();
        return new Dataset(
                rows, data.labels().stream().filter(l -> !l.equals(label)).toList(), "1".repeat(40));
    }
}
