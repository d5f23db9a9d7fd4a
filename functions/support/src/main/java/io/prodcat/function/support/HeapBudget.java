package io.prodcat.function.support;

import java.util.Locale;
import java.util.Optional;

/**
 * What this instance's heap can take, by the sizing rule measured with {@code bench/memory.sh} (docs/OPERATIONS.md "Sizing",
 * docs/PERFORMANCE.md "Memory"): training on a CSV of {@code bytes} with {@code classes} classes needs about
 * {@code FIXED + PER_CSV_BYTE × bytes + PER_NON_ZERO × min(feature columns, NON_ZEROS_PER_CLASS) × classes}. Train checks the first two terms
 * before reading the CSV and the whole once the engine knows its feature columns (before it solves);
 * evaluate checks the dataset and model files before loading them. So an instance answers "too large" instead of
 * dying of an {@link OutOfMemoryError}.
 *
 * @param heapBytes the heap this instance may use ({@code Runtime.maxMemory()})
 */
public record HeapBudget(long heapBytes) {

    private static final long MB = 1024 * 1024;
    /** The function itself (Spring, clients, caches) and the engine's two 2^21-entry hashing tables. */
    static final long FIXED = 96 * MB;
    /** Rows as strings, their sparse feature vectors and the solver's per-row state, per byte of CSV. */
    static final long PER_CSV_BYTE = 24;
    /**
     * A non-zero weight of the model as it is assembled (its class's list and the inverted index). The solver holds
     * one class's dense weights per thread, not all of them, so the model's non-zeros are what grows with classes.
     */
    static final long PER_NON_ZERO = 14;
    /**
     * Non-zero weights a class keeps at most in practice, with room: compaction keeps what each class needs
     * (docs/ENGINE.md "Model file"; 2026-12-06: 14,000 a class on the aisles taxonomy, 21,000 on a catalogue of long
     * titles); fewer when there are fewer feature columns.
     */
    static final long NON_ZEROS_PER_CLASS = 30_000;

    public static HeapBudget ofThisJvm() {
        return new HeapBudget(Runtime.getRuntime().maxMemory());
    }

    /** The largest CSV this heap can read and train on with few classes: the default dataset size limit. */
    public long largestDataset() {
        return Math.max(1, (heapBytes - FIXED) / PER_CSV_BYTE);
    }

    /** The memory reading {@code csvBytes} of CSV needs, before the number of classes is known. */
    public static long readingNeeds(long csvBytes) {
        return FIXED + PER_CSV_BYTE * csvBytes;
    }

    /** The memory training needs once the feature columns and classes are known. */
    public static long trainingNeeds(long csvBytes, long columns, long classes) {
        return readingNeeds(csvBytes) + PER_NON_ZERO * Math.min(columns, NON_ZEROS_PER_CLASS) * classes;
    }

    /** Throws {@link TooLarge} when training {@code csvBytes} of CSV with these columns and classes does not fit. */
    public void checkTraining(long csvBytes, long columns, long classes) {
        Optional<String> refusal = refusal(csvBytes, trainingNeeds(csvBytes, columns, classes));
        if (refusal.isPresent()) {
            throw new TooLarge(refusal.get());
        }
    }

    /** The data does not fit this instance; the message says how much it needs and what the heap is. */
    public static final class TooLarge extends RuntimeException {
        TooLarge(String reason) {
            super(reason);
        }
    }

    /** Why {@code csvBytes} of data that needs {@code neededBytes} is refused; empty when it fits. */
    public Optional<String> refusal(long csvBytes, long neededBytes) {
        if (neededBytes <= heapBytes) {
            return Optional.empty();
        }
        return Optional.of(String.format(
                Locale.ROOT,
                "too large for this instance: %d bytes, needs ~%d MB, heap %d MB (give the function more memory; see"
                        + " the sizing rule in docs/OPERATIONS.md)",
                csvBytes,
                ceilMb(neededBytes),
                heapBytes / MB));
    }

    /** The reason given when the heap ran out after all: what was being done, and the heap it had. */
    public static String ranOutOfMemory(String doing) {
        return "ran out of memory " + doing + " (heap " + Runtime.getRuntime().maxMemory() / MB
                + " MB): too large for this instance; give the function more memory (see the sizing rule in docs/OPERATIONS.md)";
    }

    private static long ceilMb(long bytes) {
        return (bytes + MB - 1) / MB;
    }
}
