package org.citywatch.api.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

/**
 * Issues and verifies the API's tokens: JWT, HS256, claims {@code sub} (the user), {@code role}, {@code iss}
 * ({@code citywatch}), {@code iat}, {@code exp}, {@code jti}.
 *
 * <p>HS256 with one shared secret rather than a key pair: the same servers issue and check the tokens, and several
 * API nodes behind one balancer only need the same {@code security.jwtSecret}. The verifier is built for HS256
 * only, so a token claiming another algorithm (or {@code none}) is refused, as is a bad signature (compared in
 * constant time by the library), a missing claim, a foreign issuer, or an expired token (no leeway: the lifetime
 * is hours, a clock skew of seconds does not matter).
 */
public final class TokenService {

    public static final String ISSUER = "citywatch";
    /** HS256 keys shorter than the hash add nothing but weakness (RFC 7518 section 3.2). */
    public static final int MIN_SECRET_BYTES = 32;

    private final Algorithm algorithm;
    private final JWTVerifier verifier;
    private final Duration lifetime;

    /** A token and when it expires. */
    public record Issued(String token, Instant expiresAt) {
    }

    public TokenService(byte[] secret, Duration lifetime) {
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("security.jwtSecret must have at least " + MIN_SECRET_BYTES
                    + " bytes, it has " + secret.length);
        }
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("security.tokenHours must be positive");
        }
        this.algorithm = Algorithm.HMAC256(secret);
        this.verifier = JWT.require(algorithm).withIssuer(ISSUER)
                .withClaimPresence("sub").withClaimPresence("role").withClaimPresence("exp").build();
        this.lifetime = lifetime;
    }

    public Duration lifetime() {
        return lifetime;
    }

    public Issued issue(String user, Role role) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant expires = now.plus(lifetime);
        String token = JWT.create().withIssuer(ISSUER).withSubject(user).withClaim("role", role.wireName())
                .withIssuedAt(now).withExpiresAt(expires).withJWTId(UUID.randomUUID().toString()).sign(algorithm);
        return new Issued(token, expires);
    }

    /** A token that verified: its user and role, and when it expires. */
    public record Verified(Principal principal, Instant expiresAt) {
    }

    /** The token's user and role, or empty when it is not one of ours, was changed, or has expired. */
    public Optional<Principal> verify(String token) {
        return check(token).map(Verified::principal);
    }

    /** As {@link #verify}, with the token's expiry: a live push stream ends then. */
    public Optional<Verified> check(String token) {
        if (token == null || token.isBlank() || token.length() > 4096) {
            return Optional.empty();
        }
        try {
            DecodedJWT jwt = verifier.verify(token);
            Optional<Role> role = Role.find(jwt.getClaim("role").asString());
            String user = jwt.getSubject();
            if (role.isEmpty() || user == null || user.isBlank()) {
                return Optional.empty();
            }
            return Optional.of(new Verified(new Principal(user, role.get()), jwt.getExpiresAtAsInstant()));
        } catch (JWTVerificationException e) {
            return Optional.empty();
        }
    }
}
