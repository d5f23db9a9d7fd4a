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
    void aClassTheParentNeverSawIsLearnedWarmAndTheParentIsRecorded() {
        Dataset all = SyntheticRows.dataset(60, 1);
        TrainingResult parentTraining = new LinearTrainer(FAST).train(without(all, "pets"));
        LinearClassifier parent = parentTraining.model();
        assertThat(parent.labels()).doesNotContain("pets");
        // the new class's few rows are a small shift (under 2 % of the rows): the training stays warm
        Dataset withFewPets = fewOf(all, "pets", 3);

        TrainingResult child =
                new LinearTrainer(FAST).train(withFewPets, null, Parent.of(parentTraining, "3", "training-1"));
        Evaluation onNewRows = Evaluator.evaluate(child.model(), SyntheticRows.rows(25, 2));

        assertThat(child.model().labels()).contains("pets");
        assertThat(onNewRows.perClass().stream()
                        .filter(metrics -> metrics.label().equals("pets"))
                        .findFirst()
                        .orElseThrow()
                        .f1())
                .isGreaterThan(0.85); // from three rows
        assertThat(onNewRows.minF1()).isGreaterThan(0.85);
        Lineage lineage = child.model().provenance().lineage();
        assertThat(lineage.start()).isEqualTo(Lineage.WARM); // learned by the warm solve, from zero for this class
        assertThat(lineage.parentVersion()).isEqualTo("3");
        assertThat(lineage.parentTrainingId()).isEqualTo("training-1");
        assertThat(lineage.parentDatasetSha1()).isEqualTo(parent.provenance().datasetSha1());
    }

    @Test
    void aShiftedCatalogueTrainsColdAndGetsTheColdModel() {
        Dataset all = SyntheticRows.dataset(60, 11);
        TrainingResult beforeNewClass = new LinearTrainer(FAST).train(without(all, "pets"));
        Dataset swapped = relabelled(all, Map.of("dairy", "snacks", "snacks", "dairy"));
        TrainingResult beforeRelabelling = new LinearTrainer(FAST).train(all);

        for (var shifted : List.of(Map.entry(all, beforeNewClass), Map.entry(swapped, beforeRelabelling))) {
            TrainingResult child =
                    new LinearTrainer(FAST).train(shifted.getKey(), null, Parent.of(shifted.getValue(), null, null));
            TrainingResult cold = new LinearTrainer(FAST).train(shifted.getKey());

            Lineage lineage = child.model().provenance().lineage();
            assertThat(lineage.start()).isEqualTo(Lineage.COLD);
            // the cold check alone would have kept warm: it is the shift (a quarter of the rows) that trains cold
            assertThat(lineage.coldValidationMacroF1())
                    .isLessThanOrEqualTo(lineage.warmValidationMacroF1() + LinearTrainer.COLD_CHECK_MIN_MARGIN);
            assertThat(child.checkpoints())
                    .isEqualTo(cold.checkpoints().stream()
                            .map(c -> new Checkpoint(
                                    c.number(),
                                    c.cost(),
                                    c.classWeightPower(),
                                    c.nodeShare(),
                                    c.validationMacroF1(),
                                    c.validationMinF1(),
                                    c.epochs(),
                                    child.checkpoints().get(c.number() - 1).elapsedSeconds()))
                            .toList());
            for (LabelledText row : SyntheticRows.rows(10, 12)) {
                assertThat(child.model().predict(row.text(), 3))
                        .isEqualTo(cold.model().predict(row.text(), 3));
            }
        }
    }

    @Test
    void theSameDataAgainReproducesTheParentsAnswersStaysWarmAndStartsFromTheParentsDuals() {
        Dataset data = SyntheticRows.dataset(60, 3);
        TrainingResult parentTraining = new LinearTrainer(FAST).train(data);
        LinearClassifier parent = parentTraining.model();

        TrainingResult child = new LinearTrainer(FAST).train(data, null, Parent.of(parentTraining, null, null));
        TrainingResult fromZero =
                new LinearTrainer(FAST).train(data, null, parentWithoutSupportVectors(parentTraining));

        assertThat(child.model().provenance().lineage().start()).isEqualTo(Lineage.WARM);
        assertThat(child.checkpoints()).hasSize(1); // one solve, at the parent's setting: no cost path
        assertThat(child.best().cost()).isEqualTo(parent.provenance().chosen().cost());
        // the parent's final duals are this solve's answer already: it stops after the passes that confirm them
        assertThat(child.best().epochs()).isLessThan(fromZero.best().epochs());
        assertThat(child.best().epochs()).isLessThanOrEqualTo(2);
        assertThat(child.model().temperature()).isEqualTo(parent.temperature());
        for (LabelledText row : SyntheticRows.rows(30, 4)) {
            assertThat(child.model().predict(row.text(), 1).get(0).label())
                    .isEqualTo(parent.predict(row.text(), 1).get(0).label());
        }
    }

    @Test
    void sampledNegativesFollowTheRowsSoTheParentsDualsCarryIntoAnotherOrderOfTheData() {
        // each class samples 10 of the other branch's 120 rows: by their texts, so the same rows whatever their order
        Hyperparameters sampled = HyperparameterOverrides.apply(FAST, Map.of("negativeSample", "10"));
        Dataset paths = SyntheticRows.pathDataset(60, 5);
        TrainingResult parentTraining = new LinearTrainer(sampled).train(paths, " > ");
        List<LabelledText> reversed = new java.util.ArrayList<>(paths.rows());
        java.util.Collections.reverse(reversed); // another split and other matrix rows for every text
        Dataset again = new Dataset(reversed, paths.labels(), paths.sha1());

        TrainingResult child = new LinearTrainer(sampled).train(again, " > ", Parent.of(parentTraining, null, null));
        TrainingResult fromZero =
                new LinearTrainer(sampled).train(again, " > ", parentWithoutSupportVectors(parentTraining));

        assertThat(child.model().provenance().lineage().start()).isEqualTo(Lineage.WARM);
        assertThat(child.model().provenance().hyperparameters()).containsEntry("negativeSample", "10");
        // every class's problem is the parent's (its sampled rows were drawn by text): its duals are the answer already
        assertThat(child.best().epochs()).isLessThanOrEqualTo(2);
        assertThat(child.best().epochs()).isLessThan(fromZero.best().epochs());
    }

    @Test
    void aParentAtASettingThatNoLongerFitsLosesToTheColdCheckAndTheColdPathIsTrained() {
        // one large class and three small ones: at a tiny cost the weights stay near zero and the biases, which follow
        // the class sizes, answer the large class for nearly every title
        Dataset data = imbalanced(SyntheticRows.rows(200, 5), "dairy", 20);
        TrainingResult parentTraining = new LinearTrainer(
                        HyperparameterOverrides.apply(FAST, Map.of("costs", "0.00001", "classWeightPowers", "0")))
                .train(data);
        LinearClassifier parent = parentTraining.model();
        DualState parentDuals = parentTraining.duals();

        TrainingResult child = new LinearTrainer(FAST).train(data, null, new Parent(parent, null, null, parentDuals));

        Lineage lineage = child.model().provenance().lineage();
        assertThat(lineage.start()).isEqualTo(Lineage.COLD);
        assertThat(lineage.coldValidationMacroF1())
                .isGreaterThan(lineage.warmValidationMacroF1() + LinearTrainer.COLD_CHECK_MIN_MARGIN);
        assertThat(lineage.coldCheckRows()).isLessThan(child.trainRows()); // a sample of the training rows
        assertThat(child.checkpoints()).hasSize(3); // the whole cold path
        assertThat(Evaluator.evaluate(child.model(), SyntheticRows.rows(25, 6)).minF1())
                .isGreaterThan(
                        Evaluator.evaluate(parent, SyntheticRows.rows(25, 6)).minF1())
                .isGreaterThan(0.8);
    }

    @Test
    void aParentWithOtherFeaturesOrLabelsIsRefusedWithTheReason() throws Exception {
        Dataset flat = SyntheticRows.dataset(40, 7);
        TrainingResult training = new LinearTrainer(FAST).train(flat);
        Parent parent = Parent.of(training, null, null);
        Hyperparameters otherNgrams = HyperparameterOverrides.apply(FAST, Map.of("features.charMaxN", "6"));

        assertThatThrownBy(() -> new LinearTrainer(otherNgrams).train(flat, null, parent))
                .isInstanceOf(IncompatibleParentException.class)
                .hasMessageContaining("features.charMaxN 5 in the parent, 6 here");
        assertThatThrownBy(() -> new LinearTrainer(FAST).train(SyntheticRows.pathDataset(40, 7), " > ", parent))
                .isInstanceOf(IncompatibleParentException.class)
                .hasMessageContaining("labels are flat, this training's are paths joined by ' > '");
        Dataset renamed = new Dataset(
                flat.rows().stream()
                        .map(row -> new LabelledText(row.text(), "x-" + row.label()))
                        .toList(),
                flat.labels().stream().map(label -> "x-" + label).toList(),
                flat.sha1());
        assertThatThrownBy(() -> new LinearTrainer(FAST).train(renamed, null, parent))
                .isInstanceOf(IncompatibleParentException.class)
                .hasMessageContaining("shares no label");
        assertThatThrownBy(
                        () -> new LinearTrainer(FAST).train(flat, null, new Parent(training.model(), null, null, null)))
                .isInstanceOf(IncompatibleParentException.class)
                .hasMessageContaining("kept no duals");
        LinearClassifier beforeWarmStarts;
        try (InputStream in = getClass().getResourceAsStream("/golden/model-format-3.prodcat")) {
            beforeWarmStarts = ModelFile.read(in);
        }
        assertThat(beforeWarmStarts.provenance().chosen()).isNull();
        assertThatThrownBy(() -> new LinearTrainer(FAST)
                        .train(
                                SyntheticRows.pathDataset(40, 7),
                                beforeWarmStarts.pathSeparator().orElse(null),
                                new Parent(beforeWarmStarts, null, null, training.duals())))
                .isInstanceOf(IncompatibleParentException.class)
                .hasMessageContaining("does not record the setting it was trained at");
    }

    @Test
    void theLineageAndTheChosenSettingRoundTripThroughTheModelFile() throws Exception {
        Dataset data = SyntheticRows.pathDataset(40, 9);
        TrainingResult parent = new LinearTrainer(FAST).train(data, " > ");
        LinearClassifier child = new LinearTrainer(FAST)
                .train(data, " > ", Parent.of(parent, "12", "0f1e"))
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

    /** The parent with its duals' classes but no support vector: its solves start from zero. */
    private static Parent parentWithoutSupportVectors(TrainingResult parent) {
        return new Parent(
                parent.model(),
                null,
                null,
                DualState.of(
                        List.of(),
                        parent.model().labels(),
                        parent.model().labels().stream()
                                .map(label -> DualSolution.ZERO)
                                .toArray(DualSolution[]::new),
                        parent.duals().offsetsFor(parent.model().labels())));
    }

    /** The rows with labels renamed by {@code renames}. */
    private static Dataset relabelled(Dataset data, Map<String, String> renames) {
        List<LabelledText> rows = data.rows().stream()
                .map(row -> new LabelledText(row.text(), renames.getOrDefault(row.label(), row.label())))
                .toList();
        return new Dataset(rows, data.labels(), "3".repeat(40));
    }

    /** Every row but those of {@code label}, of which the first {@code count}. */
    private static Dataset fewOf(Dataset data, String label, int count) {
        int[] taken = {0};
        List<LabelledText> rows = data.rows().stream()
                .filter(row -> !row.label().equals(label) || taken[0]++ < count)
                .toList();
        return new Dataset(rows, data.labels(), "4".repeat(40));
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
