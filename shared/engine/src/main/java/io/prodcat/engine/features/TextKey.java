package io.prodcat.engine.features;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * What makes two titles the same title: their tokens after {@link TextNormalizer}, joined by one space. Case, accents
 * in compatibility form, punctuation and spacing do not count ("Organic  Whole-Milk!" and "organic whole milk" share a
 * key). Used to keep a title on one side of every split, to exclude rows by title, and to count feedback per title.
 */
public final class TextKey {

    private TextKey() {}

    /** The key of {@code text}; empty when the text has no token. */
    public static String of(String text) {
        String normalized = TextNormalizer.normalize(text);
        StringBuilder key = new StringBuilder(normalized.length());
        boolean inToken = false;
        for (int i = 0; i < normalized.length(); i++) {
            char c = normalized.charAt(i);
            if (TextNormalizer.isTokenChar(c)) {
                if (!inToken && key.length() > 0) {
                    key.append(' ');
                }
                key.append(c);
                inToken = true;
            } else {
                inToken = false;
            }
        }
        return key.toString();
    }

    /** Where {@code text}'s hash falls in [0, 1): uniform over keys, the same for a key whatever else is in a dataset. */
    public static double position(String text, long salt) {
        return positionOfKey(of(text), salt);
    }

    /**
     * {@link #position} of a key already made with {@link #of}: the first 8 bytes of SHA-256(salt, key), as a fraction.
     */
    public static double positionOfKey(String key, long salt) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        sha256.update(ByteBuffer.allocate(Long.BYTES).putLong(salt).array());
        long hash = ByteBuffer.wrap(sha256.digest(key.getBytes(StandardCharsets.UTF_8)))
                .getLong();
        return (hash >>> 11) * 0x1.0p-53;
    }
}
