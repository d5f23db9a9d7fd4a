package io.prodcat.function.support;

import java.security.MessageDigest;
import java.util.List;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

/**
 * Bearer tokens that must equal one of some configured secrets, known only by their SHA-256 digests ({@link
 * TokenDigest}): the event senders' shared token, predict's API keys. The presented token is hashed and compared
 * with every digest by {@link MessageDigest#isEqual}, so the time taken says nothing about the secrets, their length,
 * or which one matched.
 */
public final class BearerSecrets implements AuthenticationProvider {

    /**
     * One secret.
     *
     * @param principal   who presents it (the caller's name, e.g. an API key's client)
     * @param authorities what it grants
     * @param digest      SHA-256 of the secret
     */
    public record Secret(String principal, List<String> authorities, byte[] digest) {}

    private final List<Secret> secrets;

    public BearerSecrets(List<Secret> secrets) {
        this.secrets = List.copyOf(secrets);
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        byte[] presented = TokenDigest.sha256(((BearerTokenAuthenticationToken) authentication).getToken());
        Secret match = null;
        for (Secret secret : secrets) {
            if (MessageDigest.isEqual(secret.digest(), presented)) {
                match = secret;
            }
        }
        if (match == null) {
            throw new BadCredentialsException("not a configured secret");
        }
        return UsernamePasswordAuthenticationToken.authenticated(
                match.principal(), null, AuthorityUtils.createAuthorityList(match.authorities()));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return BearerTokenAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
