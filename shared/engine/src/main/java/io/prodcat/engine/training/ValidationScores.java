package io.prodcat.engine.training;

/**
 * The validation rows' scores, kept sparse: per row the {@link #KEPT_PER_ROW} highest-scoring classes and the true
 * class's score. That is all that picking a checkpoint (the top class), tuning class offsets and fitting the
 * temperature look at: a class below a row's top {@value #KEPT_PER_ROW} would need an offset lifting it over that
 * many others to win there. With fewer classes every score is a candidate and nothing is approximate. Up to
 * {@link #ALL_SCORES_UP_TO} rows × classes every score is also kept for the softmax the temperature is fitted on (a
 * softmax over the candidates alone would be fitted too sharp for the full one predict computes); beyond that the
 * candidates stand for all. Classes are added one at a time, from any thread; the result does not depend on the order.
 */
final class ValidationScores {

    static final int KEPT_PER_ROW = 32;
    /** Rows × classes up to which every score is kept (32 MB of floats): 1,000 leaves' validation rows fit. */
    static final long ALL_SCORES_UP_TO = 8_000_000L;

    private final int[] truth;
    private final int classes;
    private final int kept;
    private final int[] classOf; // row * kept + slot
    private final float[] score;
    private final int[] size; // filled slots per row
    private final float[] trueScore;
    private final boolean[] trueKept;
    private final int[] worst; // per full row, the slot of its lowest kept score: most new scores only meet that one
    private final float[] all; // row * classes + c; null beyond ALL_SCORES_UP_TO

    ValidationScores(int[] truth, int classes) {
        this.truth = truth.clone();
        this.classes = classes;
        this.kept = Math.min(classes, KEPT_PER_ROW);
        this.classOf = new int[truth.length * kept];
        this.score = new float[truth.length * kept];
        this.size = new int[truth.length];
        this.trueScore = new float[truth.length];
        this.trueKept = new boolean[truth.length];
        this.worst = new int[truth.length];
        this.all = (long) truth.length * classes <= ALL_SCORES_UP_TO ? new float[truth.length * classes] : null;
    }

    /** Class c's score of every validation row. */
    synchronized void add(int c, float[] scores) {
        if (scores.length != truth.length) {
            throw new IllegalArgumentException(scores.length + " scores for " + truth.length + " rows");
        }
        for (int row = 0; row < truth.length; row++) {
            if (all != null) {
                all[row * classes + c] = scores[row];
            }
            if (truth[row] == c) {
                trueScore[row] = scores[row];
            }
            int base = row * kept;
            if (size[row] < kept) {
                trueKept[row] |= truth[row] == c;
                classOf[base + size[row]] = c;
                score[base + size[row]++] = scores[row];
                if (size[row] == kept) {
                    worst[row] = worstSlot(base);
                }
                continue;
            }
            int slot = worst[row];
            if (better(scores[row], c, score[slot], classOf[slot])) {
                trueKept[row] = classOf[slot] != truth[row] && (trueKept[row] || truth[row] == c);
                classOf[slot] = c;
                score[slot] = scores[row];
                worst[row] = worstSlot(base);
            }
        }
    }

    private int worstSlot(int base) {
        int worstSlot = base;
        for (int slot = base + 1; slot < base + kept; slot++) {
            if (better(score[worstSlot], classOf[worstSlot], score[slot], classOf[slot])) {
                worstSlot = slot;
            }
        }
        return worstSlot;
    }

    /**
     * Whether class c's score beats the other's: a total order (the lower class wins a tie), so neither the kept
     * classes nor a row's best depend on the order classes come in.
     */
    static boolean better(double score, int c, double otherScore, int other) {
        return score > otherScore || (score == otherScore && c < other);
    }

    /** How many classes the row's softmax for the temperature runs over: every class when all are kept, else its
     * candidates. */
    int softmaxSize(int row) {
        return all != null ? classes : candidates(row);
    }

    /** The i-th class of the row's softmax ({@link #softmaxSize}). */
    int softmaxClass(int row, int i) {
        return all != null ? i : candidateClass(row, i);
    }

    double softmaxScore(int row, int i) {
        return all != null ? all[row * classes + i] : candidateScore(row, i);
    }

    int rows() {
        return truth.length;
    }

    int classes() {
        return classes;
    }

    int truth(int row) {
        return truth[row];
    }

    int[] truth() {
        return truth.clone();
    }

    /** How many classes row's candidates are: its kept classes, plus its true class when that is not among them. */
    int candidates(int row) {
        return size[row] + (trueKept[row] ? 0 : 1);
    }

    /** The candidate's class; the last candidate is the true class when that is not kept. */
    int candidateClass(int row, int candidate) {
        return candidate < size[row] ? classOf[row * kept + candidate] : truth[row];
    }

    double candidateScore(int row, int candidate) {
        return candidate < size[row] ? score[row * kept + candidate] : trueScore[row];
    }

    /** Each row's best class with these per-class offsets added to the scores (lower class wins ties). */
    int[] predict(double[] offsets) {
        int[] predicted = new int[truth.length];
        for (int row = 0; row < truth.length; row++) {
            predicted[row] = best(row, offsets);
        }
        return predicted;
    }

    int best(int row, double[] offsets) {
        int best = -1;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int candidate = 0; candidate < candidates(row); candidate++) {
            int c = candidateClass(row, candidate);
            double shifted = candidateScore(row, candidate) + offsets[c];
            if (best < 0 || better(shifted, c, bestScore, best)) {
                best = c;
                bestScore = shifted;
            }
        }
        return best;
    }
}
