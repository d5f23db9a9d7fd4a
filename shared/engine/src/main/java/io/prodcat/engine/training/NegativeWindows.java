package io.prodcat.engine.training;

import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

/**
 * Which other rows a class's problem samples as negatives, chosen by the rows' texts rather than their positions: every
 * text has a place on [0, 1) (a hash of it), every class a window there that starts at its label's place, and a class
 * samples the rows whose texts fall in its window. A dataset with a few more or other rows samples nearly the same rows,
 * in whatever order, so a warm start's duals on them carry over (docs/ENGINE.md "Warm start"). The windows start where
 * the label and the seed say: another seed, another sample.
 */
final class NegativeWindows {

    private final double[] places; // ascending
    private final int[] rowAt; // the matrix row of each place
    private final double[] classStarts;

    private NegativeWindows(double[] places, int[] rowAt, double[] classStarts) {
        this.places = places;
        this.rowAt = rowAt;
        this.classStarts = classStarts;
    }

    /**
     * The windows over rows with these texts (matrix rows in that order), for classes with these labels; where a
     * class's window starts follows its label and the seed.
     */
    static NegativeWindows of(List<String> texts, List<String> labels, long seed) {
        double[] placeOfRow = texts.stream().mapToDouble(NegativeWindows::place).toArray();
        Integer[] order = new Integer[placeOfRow.length];
        for (int row = 0; row < order.length; row++) {
            order[row] = row;
        }
        Arrays.sort(order, (a, b) -> Double.compare(placeOfRow[a], placeOfRow[b]));
        double[] places = new double[order.length];
        int[] rowAt = new int[order.length];
        for (int p = 0; p < order.length; p++) {
            rowAt[p] = order[p];
            places[p] = placeOfRow[order[p]];
        }
        // the labels' places are drawn apart from the texts' (a label that is also a text must not start at it)
        double[] classStarts = labels.stream()
                .mapToDouble(label -> place("\u0000label\u0000" + seed + "\u0000" + label))
                .toArray();
        return new NegativeWindows(places, rowAt, classStarts);
    }

    /** The windows of these matrix rows only, renumbered in that order: a sample of the rows keeps their places. */
    NegativeWindows select(int[] rows) {
        int[] newIndex = new int[rowAt.length];
        Arrays.fill(newIndex, -1);
        for (int i = 0; i < rows.length; i++) {
            newIndex[rows[i]] = i;
        }
        double[] keptPlaces = new double[rows.length];
        int[] keptRows = new int[rows.length];
        int kept = 0;
        for (int p = 0; p < rowAt.length; p++) {
            if (newIndex[rowAt[p]] >= 0) {
                keptPlaces[kept] = places[p];
                keptRows[kept++] = newIndex[rowAt[p]];
            }
        }
        return new NegativeWindows(keptPlaces, keptRows, classStarts);
    }

    /** Class c's sample: the rows {@code keep} takes whose places are within {@code width} after c's start; ascending. */
    int[] rows(int c, double width, IntPredicate keep) {
        double start = classStarts[c];
        double end = start + width;
        // the window wraps past 1 to 0
        double[][] ranges = end <= 1 ? new double[][] {{start, end}} : new double[][] {{start, 1}, {0, end - 1}};
        IntStream.Builder rows = IntStream.builder();
        for (double[] range : ranges) {
            for (int p = firstAtOrAbove(range[0]); p < firstAtOrAbove(range[1]); p++) {
                if (keep.test(rowAt[p])) {
                    rows.add(rowAt[p]);
                }
            }
        }
        return rows.build().sorted().toArray();
    }

    private int firstAtOrAbove(double place) {
        int low = 0;
        int high = places.length;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (places[middle] < place) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    /** A text's place on [0, 1). */
    private static double place(String text) {
        return (DualState.textKey(text) >>> 11) * 0x1.0p-53;
    }
}
