package io.prodcat.testkit;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A small OIDC-style token issuer on loopback: an RSA key, its JWKS at {@code /jwks}, and signed JWTs, as the
 * cluster's service-account issuer signs the tokens Knative Eventing sends with OIDC delivery. The demo's router and
 * the tests sign their deliveries with it; the functions verify them against {@link #jwksUri()}.
 */
public final class TokenIssuer implements AutoCloseable {

    private final HttpServer server;
    private final RSAKey key;

    private TokenIssuer(HttpServer server, RSAKey key) {
        this.server = server;
        this.key = key;
    }

    /** Generates a key and serves its public half. */
    public static TokenIssuer start() {
        RSAKey key = newKey();
        byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/jwks", exchange -> {
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, jwks.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(jwks);
                }
            });
            server.start();
            return new TokenIssuer(server, key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code iss} of its tokens. */
    public String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String jwksUri() {
        return issuer() + "/jwks";
    }

    /** A token for {@code audience}, from {@code subject}, valid for five minutes. */
    public String token(String subject, String audience) {
        return token(subject, audience, Instant.now().plus(Duration.ofMinutes(5)));
    }

    /** A token that expires (or expired) at {@code expiry}. */
    public String token(String subject, String audience, Instant expiry) {
        return sign(key, claims(subject, audience, expiry, Map.of()));
    }

    /** A token with extra claims, e.g. the roles of a shop's caller. */
    public String token(String subject, String audience, Map<String, Object> extraClaims) {
        return sign(key, claims(subject, audience, Instant.now().plus(Duration.ofMinutes(5)), extraClaims));
    }

    /** A token that looks like this issuer's but is signed by another key with the same key id. */
    public String tokenSignedByAnotherKey(String subject, String audience) {
        RSAKey impostor = new RSAKey.Builder(newKey()).keyID(key.getKeyID()).build();
        return sign(impostor, claims(subject, audience, Instant.now().plus(Duration.ofMinutes(5)), Map.of()));
    }

    /**
     * Credentials an attacker might present to a function that expects this issuer's tokens for {@code audience},
     * by what is wrong with them: each must be refused. The value is the whole Authorization header, or null for
     * none.
     */
    public Map<String, String> forgedCredentials(String audience) {
        String subject = "system:serviceaccount:prodcat:broker";
        Map<String, String> forged = new LinkedHashMap<>();
        forged.put("no credentials", null);
        forged.put(
                "not a bearer token",
                "Basic " + java.util.Base64.getEncoder().encodeToString("a:b".getBytes(StandardCharsets.UTF_8)));
        forged.put("a made-up token", "Bearer not-a-token");
        forged.put(
                "an expired JWT",
                "Bearer " + token(subject, audience, Instant.now().minus(Duration.ofMinutes(5))));
        forged.put("a JWT for another audience", "Bearer " + token(subject, "prodcat-somebody-else"));
        forged.put("a JWT signed by another key", "Bearer " + tokenSignedByAnotherKey(subject, audience));
        try (TokenIssuer other = TokenIssuer.start()) {
            forged.put("a JWT of another issuer", "Bearer " + other.token(subject, audience));
        }
        String unsigned = token(subject, audience);
        forged.put(
                "a JWT with its signature cut off", "Bearer " + unsigned.substring(0, unsigned.lastIndexOf('.') + 1));
        forged.put("a JWT signed with HS256 (an algorithm the keys are not for)", "Bearer " + hs256(subject, audience));
        forged.put(
                "an unsigned JWT (alg none)",
                "Bearer "
                        + new PlainJWT(claims(subject, audience, Instant.now().plus(Duration.ofMinutes(5)), Map.of()))
                                .serialize());
        return forged;
    }

    /**
     * The subject of {@code token} when this issuer signed it (RS256, its key), for {@code audience}, and it has not
     * expired; empty for anything else (another key, another algorithm, unsigned, expired, another audience).
     */
    public java.util.Optional<String> verifiedSubject(String token, String audience) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            boolean valid = JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())
                    && jwt.verify(new com.nimbusds.jose.crypto.RSASSAVerifier(key.toRSAPublicKey()))
                    && issuer().equals(claims.getIssuer())
                    && claims.getAudience().contains(audience)
                    && claims.getExpirationTime() != null
                    && claims.getExpirationTime().toInstant().isAfter(Instant.now());
            return valid ? java.util.Optional.ofNullable(claims.getSubject()) : java.util.Optional.empty();
        } catch (java.text.ParseException | JOSEException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /** The settings that make a function verify this issuer's tokens for {@code audience}. */
    public Map<String, String> functionEnvironment(String audience) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PRODCAT_EVENTS_AUTH_MODE", "oidc");
        env.put("PRODCAT_EVENTS_AUTH_OIDC_ISSUER", issuer());
        env.put("PRODCAT_EVENTS_AUTH_OIDC_JWKS_URI", jwksUri());
        env.put("PRODCAT_EVENTS_AUTH_OIDC_AUDIENCE", audience);
        return env;
    }

    /** The same settings as Spring properties, for a {@code @DynamicPropertySource}. */
    public void registerProperties(
            java.util.function.BiConsumer<String, java.util.function.Supplier<Object>> registry, String audience) {
        registry.accept("prodcat.events.auth.mode", () -> "oidc");
        registry.accept("prodcat.events.auth.oidc.issuer", this::issuer);
        registry.accept("prodcat.events.auth.oidc.jwks-uri", this::jwksUri);
        registry.accept("prodcat.events.auth.oidc.audience", () -> audience);
    }

    private JWTClaimsSet claims(String subject, String audience, Instant expiry, Map<String, Object> extra) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuer())
                .subject(subject)
                .audience(List.of(audience))
                .issueTime(Date.from(now.isBefore(expiry) ? now : expiry.minusSeconds(60)))
                .expirationTime(Date.from(expiry))
                .jwtID(UUID.randomUUID().toString());
        extra.forEach(claims::claim);
        return claims.build();
    }

    private static String sign(RSAKey signingKey, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256)
                            .keyID(signingKey.getKeyID())
                            .build(),
                    claims);
            jwt.sign(new RSASSASigner(signingKey));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
    }

    private String hs256(String subject, String audience) {
        try {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.HS256)
                            .keyID(key.getKeyID())
                            .build(),
                    claims(subject, audience, Instant.now().plus(Duration.ofMinutes(5)), Map.of()));
            jwt.sign(new MACSigner(key.toPublicJWK().toRSAPublicKey().getEncoded()));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
    }

    private static RSAKey newKey() {
        try {
            return new RSAKeyGenerator(2048)
                    .keyUse(KeyUse.SIGNATURE)
                    .keyID(UUID.randomUUID().toString())
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate an RSA key", e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
