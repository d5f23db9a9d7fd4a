package io.prodcat.function.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 of a secret token. Tokens are compared by their digests ({@link MessageDigest#isEqual}): constant time, and
 * a stored API key is only its digest. Plain SHA-256 suffices because the tokens are long random strings, not
 * passwords a person chose.
 */
public final class TokenDigest {

    private TokenDigest() {}

    public static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    public static String sha256Hex(String token) {
        return HexFormat.of().formatHex(sha256(token));
    }
}
