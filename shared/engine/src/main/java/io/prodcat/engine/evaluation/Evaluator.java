package io.prodcat.engine.evaluation;

import io.prodcat.engine.dataset.LabelledText;
import io.prodcat.engine.model.LinearClassifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores a classifier on labelled rows. A true label the model does not know is kept as a class of its
 * own: its rows are always wrong, so they lower accuracy and the F1 figures instead of disappearing.
 */
public final class Evaluator {

    private Evaluator() {}

    public static Evaluation evaluate(LinearClassifier model, List<LabelledText> rows) {
        List<String> labels = new ArrayList<>(model.labels());
        int[] truth = truthIndices(labels, rows);
        int[] predicted = rows.parallelStream()
                .mapToInt(row -> model.predictIndex(row.text()))
                .toArray();
        return Evaluation.of(labels, truth, predicted);
    }

    /**
     * Each row's true label as an index into {@code labels}, which gets the labels the model does not know appended.
     *
     * @param labels the model's labels, in a list this may extend
     */
    public static int[] truthIndices(List<String> labels, List<LabelledText> rows) {
        Map<String, Integer> index = new HashMap<>();
        for (int c = 0; c < labels.size(); c++) {
            index.put(labels.get(c), c);
        }
        int[] truth = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            truth[i] = index.computeIfAbsent(rows.get(i).label(), label -> {
                labels.add(label);
                return labels.size() - 1;
            });
        }
        return truth;
    }
}
