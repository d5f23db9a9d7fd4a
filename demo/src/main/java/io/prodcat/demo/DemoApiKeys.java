package io.prodcat.demo;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * predict's API keys for one demo run: random, printed for the user, given to predict only as SHA-256 digests
 * (PRODCAT_ACCESS_API_KEYS), as a cluster's Secret would hold them.
 *
 * @param admin    role admin: {@code /reload}, {@code /feedback/export}, {@code /admin/…}
 * @param feedback role feedback: {@code /feedback} (client {@code demo-shop}; the one the demo prints)
 * @param crowd    more feedback clients ({@code demo-crowd-1}, …), for tests of the feedback policy; none in the demo
 */
record DemoApiKeys(String admin, String feedback, java.util.List<String> crowd) {

    static DemoApiKeys random() {
        return withCrowd(0);
    }

    /** Random keys, with {@code size} more feedback clients. */
    static DemoApiKeys withCrowd(int size) {
        return new DemoApiKeys(
                randomKey(),
                randomKey(),
                java.util.stream.Stream.generate(DemoApiKeys::randomKey)
                        .limit(size)
                        .toList());
    }

    /** The value of PRODCAT_ACCESS_API_KEYS. */
    String configured() {
        StringBuilder keys = new StringBuilder(
                "demo-admin:admin:" + sha256Hex(admin) + ",demo-shop:feedback:" + sha256Hex(feedback));
        for (int i = 0; i < crowd.size(); i++) {
            keys.append(",demo-crowd-").append(i + 1).append(":feedback:").append(sha256Hex(crowd.get(i)));
        }
        return keys.toString();
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
