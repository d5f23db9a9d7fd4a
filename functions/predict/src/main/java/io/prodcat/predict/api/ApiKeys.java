package io.prodcat.predict.api;

import io.prodcat.function.support.BearerSecrets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * predict's API keys (PRODCAT_ACCESS_API_KEYS, from a Secret), stored as SHA-256 digests only: entries
 * {@code client:role+role:sha256hex} separated by commas or white space, e.g.
 * {@code shop-web:predict+feedback:9f86d081…}. A caller sends the key as {@code Authorization: Bearer <key>} and is
 * then that client, with those roles ({@link BearerSecrets} checks it).
 */
final class ApiKeys {

    private ApiKeys() {}

    /** @throws IllegalStateException on an entry that is not {@code client:roles:sha256hex}: predict does not start */
    static List<BearerSecrets.Secret> parse(String configured) {
        List<BearerSecrets.Secret> keys = new ArrayList<>();
        if (configured != null) {
            for (String entry : configured.strip().split("[,\\s]+")) {
                if (!entry.isEmpty()) {
                    keys.add(key(entry));
                }
            }
        }
        return List.copyOf(keys);
    }

    private static BearerSecrets.Secret key(String text) {
        String[] parts = text.split(":");
        if (parts.length != 3 || parts[0].isBlank() || !parts[2].matches("[0-9a-fA-F]{64}")) {
            throw new IllegalStateException("PRODCAT_ACCESS_API_KEYS: an entry is not client:role+role:sha256hex (the"
                    + " SHA-256 of the key in hex, e.g. from `printf %s \"$KEY\" | sha256sum`)");
        }
        List<String> roles = new ArrayList<>();
        for (String role : parts[1].split("\\+")) {
            roles.add(PredictRoles.authority(role));
        }
        return new BearerSecrets.Secret(
                parts[0], List.copyOf(roles), HexFormat.of().parseHex(parts[2].toLowerCase(Locale.ROOT)));
    }
}
