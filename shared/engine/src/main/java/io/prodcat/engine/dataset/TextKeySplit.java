package io.prodcat.engine.dataset;

import io.prodcat.engine.features.TextKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The holdout split that stays put: a row is held out when its title's key ({@link TextKey}) hashes, under
 * {@code salt}, below {@code fraction}. Whether a title is held out depends on that title alone, so adding rows to a
 * dataset (feedback, a new upload) never moves an old row between training and holdout, and every copy of a title
 * (near-duplicates that differ in case, punctuation or spacing too) is on one side.
 *
 * <p>Two exceptions keep each class in both parts: a class with two or more titles none of which falls below the
 * fraction holds out its lowest-hashing title, and a class all of whose titles fall below it trains on its highest.
 * A class with a single title cannot be split: it is trained on whole and reported. Only these small classes can see a
 * title change sides when rows are added, which is why the evaluation also excludes, by key, the rows another model
 * trained on before comparing the two.
 */
public final class TextKeySplit {

    private TextKeySplit() {}

    /** @throws IllegalArgumentException when {@code fraction} is not in (0, 1) */
    public static StratifiedSplit of(List<LabelledText> rows, double fraction, long salt) {
        return of(rows, fraction, salt, java.util.Set.of());
    }

    /**
     * As {@link #of(List, double, long)}, and every row whose title key is in {@code neverTrained} (the gate's trusted
     * reference) is held out too, whatever its hash: no training fits on those titles.
     */
    public static StratifiedSplit of(
            List<LabelledText> rows, double fraction, long salt, java.util.Set<String> neverTrained) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("holdout fraction must be in (0, 1), got " + fraction);
        }
        Map<String, Double> positionOfKey = new HashMap<>();
        Map<String, Map<String, Double>> keysOfClass = new TreeMap<>();
        String[] keyOfRow = new String[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            LabelledText row = rows.get(i);
            String key = TextKey.of(row.text());
            keyOfRow[i] = key;
            double position = positionOfKey.computeIfAbsent(key, k -> TextKey.positionOfKey(k, salt));
            keysOfClass.computeIfAbsent(row.label(), label -> new HashMap<>()).put(key, position);
        }
        Map<String, Map<String, Boolean>> heldOut = new HashMap<>();
        List<String> unsplit = new ArrayList<>();
        keysOfClass.forEach((label, keys) -> {
            heldOut.put(label, decide(keys, fraction));
            if (keys.size() < 2) {
                unsplit.add(label);
            }
        });
        List<LabelledText> train = new ArrayList<>();
        List<LabelledText> validation = new ArrayList<>();
        List<Integer> validationIndices = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            LabelledText row = rows.get(i);
            if (heldOut.get(row.label()).get(keyOfRow[i]) || neverTrained.contains(keyOfRow[i])) {
                validation.add(row);
                validationIndices.add(i);
            } else {
                train.add(row);
            }
        }
        return new StratifiedSplit(train, validation, unsplit, validationIndices);
    }

    /** For one class: which of its titles are held out. */
    private static Map<String, Boolean> decide(Map<String, Double> positions, double fraction) {
        Map<String, Boolean> held = new HashMap<>();
        String lowest = null;
        String highest = null;
        for (Map.Entry<String, Double> entry : positions.entrySet()) {
            held.put(entry.getKey(), entry.getValue() < fraction);
            if (lowest == null || entry.getValue() < positions.get(lowest)) {
                lowest = entry.getKey();
            }
            if (highest == null || entry.getValue() > positions.get(highest)) {
                highest = entry.getKey();
            }
        }
        if (positions.size() < 2) {
            held.replaceAll((key, value) -> false);
        } else if (!held.containsValue(true)) {
            held.put(lowest, true);
        } else if (!held.containsValue(false)) {
            held.put(highest, false);
        }
        return held;
    }
}
