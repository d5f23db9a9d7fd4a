package io.prodcat.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.prodcat.engine.dataset.LabelledText;
import io.prodcat.engine.dataset.SyntheticRows;
import io.prodcat.engine.training.HyperparameterOverrides;
import io.prodcat.engine.training.Hyperparameters;
import io.prodcat.engine.training.LinearTrainer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class LinearClassifierTest {

    static final LinearClassifier MODEL = new LinearTrainer(HyperparameterOverrides.apply(
                    Hyperparameters.DEFAULT, Map.of("costs", "0.5", "classWeightPowers", "0.5")))
            .train(SyntheticRows.dataset(50, 11))
            .model();

    @Test
    void topKIsSortedAndProbabilitiesSumToOne() {
        List<ScoredLabel> all = MODEL.predict("organic greek yogurt cheese", 10);

        assertThat(all).hasSize(4);
        assertThat(all.get(0).label()).isEqualTo("dairy");
        assertThat(all).extracting(ScoredLabel::probability).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        assertThat(all.stream().mapToDouble(ScoredLabel::probability).sum()).isCloseTo(1.0, within(1e-9));
        assertThat(MODEL.predict("organic greek yogurt cheese", 1)).containsExactly(all.get(0));
        assertThat(MODEL.predict("dog kibble", 1))
                .hasSize(1)
                .extracting(ScoredLabel::label)
                .containsExactly("pets");
    }

    @Test
    void rejectsKBelowOne() {
        assertThatThrownBy(() -> MODEL.predict("milk", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("k must be at least 1");
    }

    @Test
    void concurrentPredictionsEqualSequentialOnes() throws Exception {
        List<LabelledText> rows = SyntheticRows.rows(50, 12);
        List<List<ScoredLabel>> sequential =
                rows.stream().map(row -> MODEL.predict(row.text(), 3)).toList();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<ScoredLabel>>> concurrent = rows.stream()
                    .map(row -> pool.submit(() -> MODEL.predict(row.text(), 3)))
                    .toList();
            for (int i = 0; i < rows.size(); i++) {
                assertThat(concurrent.get(i).get()).isEqualTo(sequential.get(i));
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aLeafScoresItsOwnWeightsPlusTheShareOfItsTopLevelNodesScore() {
        LinearClassifier withNodes = ModelFile.read(GoldenModel.FORMAT_3.model());
        NodeWeights nodes = withNodes.nodeWeights().orElseThrow();
        LinearClassifier leavesAlone = sameLeaves(withNodes, " > ", null);
        LinearClassifier nodesAlone = new LinearClassifier(
                List.of("fresh", "pantry"),
                withNodes.features(),
                nodes.weights(),
                nodes.bias(),
                1,
                withNodes.provenance(),
                null,
                null);

        for (String text : GoldenModel.TEXTS) {
            var vector = withNodes.features().vectorize(text);
            double[] leaf = leavesAlone.scores(vector);
            double[] node = nodesAlone.scores(vector);
            double[] combined = withNodes.scores(vector);
            for (int c = 0; c < leaf.length; c++) {
                int parent = withNodes.labels().get(c).startsWith("fresh") ? 0 : 1;
                assertThat(combined[c]).as(text).isCloseTo(leaf[c] + 0.5 * node[parent], within(1e-4));
            }
        }
    }

    @Test
    void refusesNodeWeightsWithoutATreeToShareThemWith() {
        LinearClassifier withNodes = ModelFile.read(GoldenModel.FORMAT_3.model());

        assertThatThrownBy(() ->
                        sameLeaves(withNodes, null, withNodes.nodeWeights().orElseThrow()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("do not fit a tree of depth 1");
    }

    /** The model's leaves with this separator and these node weights. */
    private static LinearClassifier sameLeaves(LinearClassifier model, String separator, NodeWeights nodes) {
        return new LinearClassifier(
                model.labels(),
                model.features(),
                model.weights(),
                model.biasCopy(),
                model.temperature(),
                model.provenance(),
                separator,
                nodes);
    }
}
