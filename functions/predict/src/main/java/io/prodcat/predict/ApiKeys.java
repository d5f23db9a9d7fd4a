package io.prodcat.predict;

import io.prodcat.function.TokenDigest;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

/**
 * predict's API keys (PRODCAT_API_KEYS, from a Secret), stored as SHA-256 digests only: entries
 * {@code client:role+role:sha256hex} separated by commas or white space, e.g.
 * {@code shop-web:predict+feedback:9f86d081…}. A caller sends the key as {@code Authorization: Bearer <key>} and is
 * then that client, with those roles.
 */
final class ApiKeys implements AuthenticationProvider {

    /** One configured key. */
    record Entry(String client, List<String> roles, byte[] digest) {}

    private final List<Entry> entries;

    private ApiKeys(List<Entry> entries) {
        this.entries = entries;
    }

    /** @throws IllegalStateException on an entry that is not {@code client:roles:sha256hex}: predict does not start */
    static ApiKeys parse(String configured) {
        List<Entry> entries = new ArrayList<>();
        if (configured != null) {
            for (String entry : configured.strip().split("[,\\s]+")) {
                if (!entry.isEmpty()) {
                    entries.add(entry(entry));
                }
            }
        }
        return new ApiKeys(entries);
    }

    private static Entry entry(String text) {
        String[] parts = text.split(":");
        if (parts.length != 3 || parts[0].isBlank() || !parts[2].matches("[0-9a-fA-F]{64}")) {
            throw new IllegalStateException("PRODCAT_API_KEYS: an entry is not client:role+role:sha256hex (the"
                    + " SHA-256 of the key in hex, e.g. from `printf %s \"$KEY\" | sha256sum`)");
        }
        List<String> roles = new ArrayList<>();
        for (String role : parts[1].split("\\+")) {
            roles.add(PredictRoles.authority(role));
        }
        return new Entry(parts[0], List.copyOf(roles), HexFormat.of().parseHex(parts[2].toLowerCase(Locale.ROOT)));
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Every entry is compared (constant time), so the time taken does not say which one matched. */
    @Override
    public Authentication authenticate(Authentication authentication) {
        byte[] presented = TokenDigest.sha256(((BearerTokenAuthenticationToken) authentication).getToken());
        Entry match = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.digest(), presented)) {
                match = entry;
            }
        }
        if (match == null) {
            throw new BadCredentialsException("not a configured API key");
        }
        return UsernamePasswordAuthenticationToken.authenticated(
                match.client(), null, AuthorityUtils.createAuthorityList(match.roles()));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return BearerTokenAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
