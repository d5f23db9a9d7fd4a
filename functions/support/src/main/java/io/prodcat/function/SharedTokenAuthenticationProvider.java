package io.prodcat.function;

import java.security.MessageDigest;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

/**
 * A Bearer token that must equal one configured secret. Both sides are hashed with SHA-256 first and compared with
 * {@link MessageDigest#isEqual}, so the time taken says nothing about the secret, not even its length.
 */
final class SharedTokenAuthenticationProvider implements AuthenticationProvider {

    private final String principal;
    private final byte[] expectedDigest;
    private final String authority;

    SharedTokenAuthenticationProvider(String principal, String secret, String authority) {
        this.principal = principal;
        this.expectedDigest = TokenDigest.sha256(secret.strip());
        this.authority = authority;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String presented = ((BearerTokenAuthenticationToken) authentication).getToken();
        if (!MessageDigest.isEqual(expectedDigest, TokenDigest.sha256(presented))) {
            throw new BadCredentialsException("not the shared token");
        }
        return UsernamePasswordAuthenticationToken.authenticated(
                principal, null, AuthorityUtils.createAuthorityList(authority));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return BearerTokenAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
