package io.prodcat.taxonomy;

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

    private Taxonomy(String separator, List<String> leaves, List<List<String>> paths) {
        this.separator = separator;
        this.leaves = List.copyOf(leaves);
        this.paths = List.copyOf(paths);
        this.depth = paths.stream().mapToInt(List::size).max().orElse(0);
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

    /**
     * Each level's nodes with their probability, the sum over the leaves under them, most probable first.
     *
     * @param leafProbabilities one per leaf, in {@link #leaves()} order
     */
    public List<Map<String, Double>> levelProbabilities(double[] leafProbabilities) {
        List<Map<String, Double>> levels = new ArrayList<>();
        for (int level = 1; level <= depth; level++) {
            Map<String, Double> sums = new HashMap<>();
            for (int leaf = 0; leaf < leaves.size(); leaf++) {
                sums.merge(ancestor(leaf, level), leafProbabilities[leaf], Double::sum);
            }
            Map<String, Double> ordered = new LinkedHashMap<>();
            sums.entrySet().stream()
                    .sorted(Map.Entry.<String, Double>comparingByValue()
                            .reversed()
                            .thenComparing(Map.Entry.comparingByKey()))
                    .forEach(entry -> ordered.put(entry.getKey(), entry.getValue()));
            levels.add(ordered);
        }
        return levels;
    }

    /**
     * The answer at the deepest confident level: from level 1 down, take the most probable node among the children
     * of the node taken above, and stop before the first whose probability is below {@code minConfidence}.
     *
     * @return the node answered, its level (0: not even level 1 is confident; then the path is empty) and probability
     */
    public BackedOff backOff(double[] leafProbabilities, double minConfidence) {
        String answered = "";
        int answeredLevel = 0;
        double answeredProbability = 1;
        for (int level = 1; level <= depth; level++) {
            Map<String, Double> children = new HashMap<>();
            for (int leaf = 0; leaf < leaves.size(); leaf++) {
                if (paths.get(leaf).size() >= level
                        && (level == 1 || ancestor(leaf, level - 1).equals(answered))) {
                    children.merge(ancestor(leaf, level), leafProbabilities[leaf], Double::sum);
                }
            }
            if (children.isEmpty()) {
                break; // the node above is a leaf
            }
            Map.Entry<String, Double> best = children.entrySet().stream()
                    .max(Map.Entry.<String, Double>comparingByValue()
                            .thenComparing(Map.Entry.comparingByKey(java.util.Comparator.reverseOrder())))
                    .orElseThrow();
            if (best.getValue() < minConfidence) {
                break;
            }
            answered = best.getKey();
            answeredLevel = level;
            answeredProbability = best.getValue();
        }
        return new BackedOff(answered, answeredLevel, answeredLevel == 0 ? 0 : answeredProbability);
    }

    /** A node answered by {@link #backOff}: its path, level (1-based; 0 for none) and probability. */
    public record BackedOff(String path, int level, double probability) {}
}
