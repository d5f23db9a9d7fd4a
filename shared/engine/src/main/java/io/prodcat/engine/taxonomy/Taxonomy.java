package io.prodcat.engine.taxonomy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The tree a model's labels form when each label is a path of levels joined by a separator (default
 * {@value #DEFAULT_SEPARATOR}). Leaves are the labels, in the model's order; a label must not also be an inner node
 * of another, and no level may be empty. Labels without the separator are leaves at level 1 (a flat taxonomy).
 */
public final class Taxonomy {

    public static final String DEFAULT_SEPARATOR = " > ";

    private final String separator;
    private final List<String> leaves;
    /** per leaf, its path prefixes: [0] the level-1 node, …, last the leaf itself */
    private final List<List<String>> paths;

    private final int depth;
    /** per level (0-based), the names of its nodes, sorted: a node's number is its place here */
    private final List<List<String>> nodes;
    /** per level (0-based), per leaf, the number of its node at that level (the leaf's own when it is shallower) */
    private final int[][] nodeOfLeaf;

    private Taxonomy(String separator, List<String> leaves, List<List<String>> paths) {
        this.separator = separator;
        this.leaves = List.copyOf(leaves);
        this.paths = List.copyOf(paths);
        this.depth = paths.stream().mapToInt(List::size).max().orElse(0);
        List<List<String>> names = new ArrayList<>();
        this.nodeOfLeaf = new int[depth][leaves.size()];
        for (int level = 1; level <= depth; level++) {
            TreeSet<String> sorted = new TreeSet<>();
            for (int leaf = 0; leaf < leaves.size(); leaf++) {
                sorted.add(ancestor(leaf, level));
            }
            List<String> levelNodes = List.copyOf(sorted);
            for (int leaf = 0; leaf < leaves.size(); leaf++) {
                nodeOfLeaf[level - 1][leaf] = java.util.Collections.binarySearch(levelNodes, ancestor(leaf, level));
            }
            names.add(levelNodes);
        }
        this.nodes = List.copyOf(names);
    }

    /**
     * @param labels    the model's labels, in its order
     * @param separator what joins the levels of a path; not blank
     * @throws TaxonomyException naming the label: an empty level, a duplicate, or a leaf that is an inner node too
     */
    public static Taxonomy of(List<String> labels, String separator) {
        if (separator == null || separator.isBlank()) {
            throw new TaxonomyException("the path separator must be a non-blank text, got '" + separator + "'");
        }
        List<List<String>> paths = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        Map<String, String> innerNodes = new HashMap<>(); // inner path -> a label under it
        for (String label : labels) {
            if (label == null || !seen.add(label)) {
                throw new TaxonomyException("label '" + label + "' is missing or given twice");
            }
            String[] levels = label.split(java.util.regex.Pattern.quote(separator), -1);
            List<String> prefixes = new ArrayList<>();
            StringBuilder path = new StringBuilder();
            for (int level = 0; level < levels.length; level++) {
                if (levels[level].isBlank() || !levels[level].strip().equals(levels[level])) {
                    throw new TaxonomyException("label '" + label + "' has an empty level or one with spaces around"
                            + " it at level " + (level + 1) + " (separator '" + separator + "')");
                }
                if (level > 0) {
                    path.append(separator);
                }
                path.append(levels[level]);
                prefixes.add(path.toString());
                if (level < levels.length - 1) {
                    innerNodes.putIfAbsent(path.toString(), label);
                }
            }
            paths.add(prefixes);
        }
        for (String label : labels) {
            if (innerNodes.containsKey(label)) {
                throw new TaxonomyException("label '" + label + "' is a leaf and also the parent of '"
                        + innerNodes.get(label) + "': train on leaves only");
            }
        }
        return new Taxonomy(separator, labels, paths);
    }

    /**
     * The separator to train these labels with: {@code separator} when some label contains it (the labels are paths),
     * null when none does or there is no separator (flat labels).
     */
    public static String separatorFor(List<String> labels, String separator) {
        return separator != null && labels.stream().anyMatch(label -> label.contains(separator)) ? separator : null;
    }

    /** A tree of one level: every label a leaf under the root. */
    public static Taxonomy flat(List<String> labels) {
        return new Taxonomy(
                DEFAULT_SEPARATOR, labels, labels.stream().map(List::of).toList());
    }

    public String separator() {
        return separator;
    }

    public List<String> leaves() {
        return leaves;
    }

    /** The number of levels of the deepest leaf. */
    public int depth() {
        return depth;
    }

    /** The node at {@code level} (1-based) on leaf {@code leaf}'s path; the leaf itself when it is shallower. */
    public String ancestor(int leaf, int level) {
        List<String> path = paths.get(leaf);
        return path.get(Math.min(level, path.size()) - 1);
    }

    /** Leaf {@code leaf}'s path from level 1 down to itself. */
    public List<String> path(int leaf) {
        return paths.get(leaf);
    }

    /** The names of the nodes at {@code level} (1-based), sorted. */
    public List<String> nodesAt(int level) {
        return nodes.get(level - 1);
    }

    /** The number of leaf {@code leaf}'s node at {@code level} (1-based): its place in {@link #nodesAt}. */
    public int nodeOf(int leaf, int level) {
        return nodeOfLeaf[level - 1][leaf];
    }

    /** {@link #nodeOf} for every leaf at {@code level} (1-based), in {@link #leaves()} order; a copy. */
    public int[] nodesOfLeaves(int level) {
        return nodeOfLeaf[level - 1].clone();
    }

    /**
     * Each level's nodes with their probability, the sum over the leaves under them, most probable first.
     *
     * @param leafProbabilities one per leaf, in {@link #leaves()} order
     */
    public List<Map<String, Double>> levelProbabilities(double[] leafProbabilities) {
        List<Map<String, Double>> levels = new ArrayList<>();
        for (int level = 1; level <= depth; level++) {
            double[] sums = sums(level, leafProbabilities, -1);
            List<String> names = nodesAt(level);
            Map<String, Double> ordered = new LinkedHashMap<>();
            java.util.stream.IntStream.range(0, sums.length)
                    .boxed()
                    .sorted((a, b) -> sums[a] != sums[b] ? Double.compare(sums[b], sums[a]) : Integer.compare(a, b))
                    .forEach(node -> ordered.put(names.get(node), sums[node]));
            levels.add(ordered);
        }
        return levels;
    }

    /**
     * The path of {@code leaf} from level 1 down to itself, each node with its probability (the sum over its leaves).
     *
     * @param leafProbabilities one per leaf, in {@link #leaves()} order
     */
    public List<Level> levels(int leaf, double[] leafProbabilities) {
        List<Level> levels = new ArrayList<>(paths.get(leaf).size());
        for (int level = 1; level <= paths.get(leaf).size(); level++) {
            int node = nodeOf(leaf, level);
            double sum = 0;
            for (int other = 0; other < leaves.size(); other++) {
                if (nodeOfLeaf[level - 1][other] == node) {
                    sum += leafProbabilities[other];
                }
            }
            levels.add(new Level(level, nodesAt(level).get(node), sum));
        }
        return levels;
    }

    /**
     * The answer at the deepest confident level: from level 1 down, take the most probable node among the children
     * of the node taken above (ties: the first by name), and stop before the first whose probability is below
     * {@code minConfidence}.
     *
     * @return the node answered, its level (0: not even level 1 is confident; then the path is empty) and probability
     */
    public BackedOff backOff(double[] leafProbabilities, double minConfidence) {
        int answered = -1; // node number at answeredLevel
        int answeredLevel = 0;
        double answeredProbability = 0;
        for (int level = 1; level <= depth; level++) {
            double[] sums = sums(level, leafProbabilities, answeredLevel == 0 ? -1 : answered);
            int best = -1;
            for (int node = 0; node < sums.length; node++) {
                if (!Double.isNaN(sums[node]) && (best < 0 || sums[node] > sums[best])) {
                    best = node;
                }
            }
            if (best < 0 || sums[best] < minConfidence) {
                break; // the node above is a leaf, or no child is confident enough
            }
            answered = best;
            answeredLevel = level;
            answeredProbability = sums[best];
        }
        return answeredLevel == 0
                ? new BackedOff("", 0, 0)
                : new BackedOff(nodesAt(answeredLevel).get(answered), answeredLevel, answeredProbability);
    }

    /**
     * Per node at {@code level}, the sum of its leaves' probabilities; with {@code parent} ≥ 0, only over the leaves
     * that reach this level under node {@code parent} of the level above (NaN for the other nodes).
     */
    private double[] sums(int level, double[] leafProbabilities, int parent) {
        double[] sums = new double[nodes.get(level - 1).size()];
        if (parent >= 0) {
            java.util.Arrays.fill(sums, Double.NaN);
        }
        int[] nodeAtLevel = nodeOfLeaf[level - 1];
        for (int leaf = 0; leaf < leaves.size(); leaf++) {
            if (parent < 0) {
                sums[nodeAtLevel[leaf]] += leafProbabilities[leaf];
            } else if (paths.get(leaf).size() >= level && nodeOfLeaf[level - 2][leaf] == parent) {
                int node = nodeAtLevel[leaf];
                sums[node] = (Double.isNaN(sums[node]) ? 0 : sums[node]) + leafProbabilities[leaf];
            }
        }
        return sums;
    }

    /** A node on a leaf's path: its level (1-based), its path and its probability. */
    public record Level(int level, String node, double probability) {}

    /** A node answered by {@link #backOff}: its path, level (1-based; 0 for none) and probability. */
    public record BackedOff(String path, int level, double probability) {}
}
