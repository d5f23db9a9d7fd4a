package io.prodcat.engine.taxonomy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaxonomyTest {

    private static final List<String> LEAVES = List.of(
            "dairy eggs > yogurt", "dairy eggs > milk", "snacks > chips", "snacks > cookies", "pets > dog > food");
    private static final Taxonomy TREE = Taxonomy.of(LEAVES, Taxonomy.DEFAULT_SEPARATOR);

    @Test
    void pathsBecomeATreeWithTheLeavesInTheModelsOrder() {
        assertThat(TREE.depth()).isEqualTo(3);
        assertThat(TREE.leaves()).isEqualTo(LEAVES);
        assertThat(TREE.path(4)).containsExactly("pets", "pets > dog", "pets > dog > food");
        assertThat(TREE.ancestor(0, 1)).isEqualTo("dairy eggs");
        assertThat(TREE.ancestor(0, 3))
                .as("a shallower leaf is its own node below its level")
                .isEqualTo("dairy eggs > yogurt");
    }

    @Test
    void labelsThatDoNotFormATreeAreRefusedNamingTheLabel() {
        assertThatThrownBy(() -> Taxonomy.of(List.of("a > b", "a"), " > "))
                .isInstanceOf(TaxonomyException.class)
                .hasMessageContaining("'a' is a leaf and also the parent of 'a > b'");
        assertThatThrownBy(() -> Taxonomy.of(List.of("a >  > b", "c"), " > "))
                .hasMessageContaining("'a >  > b' has an empty level")
                .hasMessageContaining("level 2");
        assertThatThrownBy(() -> Taxonomy.of(List.of(" > b", "c"), " > ")).hasMessageContaining("level 1");
        assertThatThrownBy(() -> Taxonomy.of(List.of("a > b > ", "c"), " > ")).hasMessageContaining("level 3");
        assertThatThrownBy(() -> Taxonomy.of(List.of("a", "a"), " > ")).hasMessageContaining("given twice");
        assertThatThrownBy(() -> Taxonomy.of(List.of("a", "b"), " ")).hasMessageContaining("separator");
        assertThatThrownBy(() -> Taxonomy.of(List.of("a>b", "a> c"), ">")).hasMessageContaining("spaces around");
    }

    @Test
    void flatLabelsAreATreeOfOneLevel() {
        Taxonomy flat = Taxonomy.of(List.of("dairy", "snacks"), " > ");

        assertThat(flat.depth()).isEqualTo(1);
        assertThat(flat.levelProbabilities(new double[] {0.3, 0.7}))
                .containsExactly(Map.of("snacks", 0.7, "dairy", 0.3));
        assertThat(Taxonomy.flat(List.of("a > b")).depth())
                .as("flat takes a label as it is")
                .isEqualTo(1);
    }

    @Test
    void anAncestorsProbabilityIsTheSumOverItsLeaves() {
        List<Map<String, Double>> levels = TREE.levelProbabilities(new double[] {0.1, 0.2, 0.3, 0.15, 0.25});

        assertThat(levels.get(0)).containsOnlyKeys("dairy eggs", "snacks", "pets");
        assertThat(levels.get(0).get("snacks")).isCloseTo(0.45, within(1e-12));
        assertThat(levels.get(0).get("dairy eggs")).isCloseTo(0.3, within(1e-12));
        assertThat(levels.get(0).keySet()).as("most probable first").containsExactly("snacks", "dairy eggs", "pets");
        assertThat(levels.get(1).get("pets > dog")).isCloseTo(0.25, within(1e-12));
        assertThat(levels.get(2)).hasSize(5);
    }

    @Test
    void aLeafsLevelsCarryEachAncestorsProbability() {
        double[] probabilities = {0.1, 0.2, 0.3, 0.15, 0.25};

        assertThat(TREE.levels(2, probabilities))
                .extracting(Taxonomy.Level::level, Taxonomy.Level::node)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1, "snacks"),
                        org.assertj.core.groups.Tuple.tuple(2, "snacks > chips"));
        assertThat(TREE.levels(2, probabilities).get(0).probability()).isCloseTo(0.45, within(1e-12));
        assertThat(TREE.levels(2, probabilities).get(1).probability()).isCloseTo(0.3, within(1e-12));
        assertThat(TREE.levels(4, probabilities))
                .extracting(Taxonomy.Level::probability)
                .containsExactly(0.25, 0.25, 0.25);
        assertThat(Taxonomy.flat(List.of("a", "b")).levels(1, new double[] {0.4, 0.6}))
                .containsExactly(new Taxonomy.Level(1, "b", 0.6));
    }

    @Test
    void backOffAnswersTheDeepestLevelThatReachesTheConfidence() {
        double[] unsureAisle = {0.35, 0.30, 0.2, 0.1, 0.05}; // dairy eggs 0.65, its best child yogurt 0.35

        assertThat(TREE.backOff(unsureAisle, 0.0)).isEqualTo(new Taxonomy.BackedOff("dairy eggs > yogurt", 2, 0.35));
        Taxonomy.BackedOff department = TREE.backOff(unsureAisle, 0.5);
        assertThat(department.path()).isEqualTo("dairy eggs");
        assertThat(department.level()).isEqualTo(1);
        assertThat(department.probability()).isCloseTo(0.65, within(1e-12));
        assertThat(TREE.backOff(unsureAisle, 0.7).level()).isZero();
        double[] dog = {0, 0, 0, 0.1, 0.9};
        assertThat(TREE.backOff(dog, 0.8)).isEqualTo(new Taxonomy.BackedOff("pets > dog > food", 3, 0.9));
    }
}
