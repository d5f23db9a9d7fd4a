package io.prodcat.engine.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-1 of a dataset's bytes, as the original system's ledger stores it (40 hex digits). Streamed: the
 * data is never held whole in memory.
 */
public final class Fingerprint {

    private Fingerprint() {}

    /** Reads the stream to its end and returns the SHA-1 of its bytes. */
    public static String sha1Hex(InputStream in) {
        DigestInputStream digesting = digesting(in);
        try {
            digesting.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the dataset to fingerprint it", e);
        }
        return hex(digesting);
    }

    /** SHA-1 of a text's UTF-8 bytes, hex: the fingerprint of a configuration. */
    public static String sha1Hex(String text) {
        return HexFormat.of().formatHex(newSha1().digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** Wraps a stream so that whatever is read through it is hashed; see {@link #hex}. */
    static DigestInputStream digesting(InputStream in) {
        return new DigestInputStream(in, newSha1());
    }

    public static MessageDigest newSha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-1", e);
        }
    }

    /** The hex digest of what went through a {@link DigestInputStream}. */
    public static String hex(DigestInputStream digesting) {
        return HexFormat.of().formatHex(digesting.getMessageDigest().digest());
    }
}
