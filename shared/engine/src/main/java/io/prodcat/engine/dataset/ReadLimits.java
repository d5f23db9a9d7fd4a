package io.prodcat.engine.dataset;

/**
 * Bounds that keep a bad upload from exhausting memory.
 *
 * @param maxRows       data rows at most (header not counted)
 * @param maxFieldChars characters at most in one field
 */
public record ReadLimits(int maxRows, int maxFieldChars) {

    /** Five million rows, 10,000 characters a field. */
    public static final ReadLimits DEFAULT = new ReadLimits(5_000_000, 10_000);

    public ReadLimits {
        if (maxRows < 1 || maxFieldChars < 1) {
            throw new IllegalArgumentException(
                    "limits must be positive, got rows=" + maxRows + " chars=" + maxFieldChars);
        }
    }
}
