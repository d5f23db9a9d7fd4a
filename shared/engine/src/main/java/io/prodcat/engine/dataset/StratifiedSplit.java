package io.prodcat.engine.dataset;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * A deterministic, seeded, stratified split into training and validation parts: each class contributes
 * about {@code validationFraction} of its rows to validation, at least one when it has two or more.
 * A class with a single row cannot be split: it goes to training whole and is reported.
 *
 * @param train          rows to fit on, in file order
 * @param validation     rows to choose the checkpoint on, in file order
 * @param unsplitClasses    classes with too few rows to be in both parts
 * @param validationIndices the positions of the validation rows in the input, ascending
 */
public record StratifiedSplit(
        List<LabelledText> train,
        List<LabelledText> validation,
        List<String> unsplitClasses,
        List<Integer> validationIndices) {

    public StratifiedSplit {
        train = List.copyOf(train);
        validation = List.copyOf(validation);
        unsplitClasses = List.copyOf(unsplitClasses);
        validationIndices = List.copyOf(validationIndices);
    }

    /** Splits with {@code new Random(seed)} over classes in label order: same input and seed, same split. */
    public static StratifiedSplit of(List<LabelledText> rows, double validationFraction, long seed) {
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in (0, 1), got " + validationFraction);
        }
        Map<String, List<Integer>> byClass = new TreeMap<>();
        for (int i = 0; i < rows.size(); i++) {
            byClass.computeIfAbsent(rows.get(i).label(), label -> new ArrayList<>())
                    .add(i);
        }
        Random random = new Random(seed);
        boolean[] inValidation = new boolean[rows.size()];
        List<String> unsplit = new ArrayList<>();
        for (Map.Entry<String, List<Integer>> entry : byClass.entrySet()) {
            List<Integer> indices = entry.getValue();
            if (indices.size() < 2) {
                unsplit.add(entry.getKey());
                continue;
            }
            Collections.shuffle(indices, random);
            long wanted = Math.round(indices.size() * validationFraction);
            int count = (int) Math.max(1, Math.min(indices.size() - 1, wanted));
            for (int i = 0; i < count; i++) {
                inValidation[indices.get(i)] = true;
            }
        }
        List<LabelledText> train = new ArrayList<>();
        List<LabelledText> validation = new ArrayList<>();
        List<Integer> validationIndices = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            (inValidation[i] ? validation : train).add(rows.get(i));
            if (inValidation[i]) {
                validationIndices.add(i);
            }
        }
        return new StratifiedSplit(train, validation, unsplit, validationIndices);
    }
}
