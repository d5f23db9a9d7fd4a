package io.prodcat.demo;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * predict's API keys for one demo run: random, printed for the user, given to predict only as SHA-256 digests
 * (PRODCAT_API_KEYS), as a cluster's Secret would hold them.
 *
 * @param admin    role admin: {@code /reload}, {@code /feedback/export}
 * @param feedback role feedback: {@code /feedback}
 */
record DemoApiKeys(String admin, String feedback) {

    static DemoApiKeys random() {
        return new DemoApiKeys(randomKey(), randomKey());
    }

    /** The value of PRODCAT_API_KEYS. */
    String configured() {
        return "demo-admin:admin:" + sha256Hex(admin) + ",demo-shop:feedback:" + sha256Hex(feedback);
    }

    private static String randomKey() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String sha256Hex(String key) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
