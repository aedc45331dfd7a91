package org.citywatch.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuthTokenServiceTest {

    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef-test".getBytes(StandardCharsets.UTF_8);
    private final TokenService tokens = new TokenService(SECRET, Duration.ofHours(12));

    @Test
    void aTokenCarriesUserAndRoleForItsLifetime() {
        Instant before = Instant.now();
        TokenService.Issued issued = tokens.issue("lan", Role.DISPATCHER);
        assertThat(tokens.verify(issued.token())).contains(new Principal("lan", Role.DISPATCHER));
        assertThat(issued.expiresAt()).isBetween(before.plus(Duration.ofHours(12)).minusSeconds(1),
                Instant.now().plus(Duration.ofHours(12)));
        String payload = new String(Base64.getUrlDecoder().decode(issued.token().split("\\.")[1]),
                StandardCharsets.UTF_8);
        assertThat(payload).contains("\"sub\":\"lan\"").contains("\"role\":\"dispatcher\"")
                .contains("\"iss\":\"citywatch\"").contains("\"exp\":");
        assertThat(new TokenService(SECRET, Duration.ofHours(12)).verify(issued.token()))
                .as("another node with the same secret").isPresent();
    }

    @Test
    void anythingButOurOwnUnexpiredHs256TokenIsRefused() {
        Algorithm ours = Algorithm.HMAC256(SECRET);
        Instant now = Instant.now();
        String expired = JWT.create().withIssuer("citywatch").withSubject("lan").withClaim("role", "admin")
                .withExpiresAt(now.minusSeconds(1)).sign(ours);
        String otherKey = new TokenService("another-secret-another-secret-another".getBytes(StandardCharsets.UTF_8),
                Duration.ofHours(1)).issue("lan", Role.ADMIN).token();
        String hs512 = JWT.create().withIssuer("citywatch").withSubject("lan").withClaim("role", "admin")
                .withExpiresAt(now.plusSeconds(60)).sign(Algorithm.HMAC512(SECRET));
        String foreignIssuer = JWT.create().withIssuer("elsewhere").withSubject("lan").withClaim("role", "admin")
                .withExpiresAt(now.plusSeconds(60)).sign(ours);
        String noExpiry = JWT.create().withIssuer("citywatch").withSubject("lan").withClaim("role", "admin").sign(ours);
        String noRole = JWT.create().withIssuer("citywatch").withSubject("lan").withExpiresAt(now.plusSeconds(60))
                .sign(ours);
        String oddRole = JWT.create().withIssuer("citywatch").withSubject("lan").withClaim("role", "root")
                .withExpiresAt(now.plusSeconds(60)).sign(ours);
        String good = tokens.issue("lan", Role.VIEWER).token();
        String[] p = good.split("\\.");
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "." + p[1] + ".";
        String tampered = p[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(p[1]), StandardCharsets.UTF_8).replace("viewer", "admin")
                        .getBytes(StandardCharsets.UTF_8)) + "." + p[2];
        for (String bad : new String[] {expired, otherKey, hs512, foreignIssuer, noExpiry, noRole, oddRole, none,
                tampered, "", "a.b.c", null}) {
            assertThat(tokens.verify(bad)).as(String.valueOf(bad)).isEqualTo(Optional.empty());
        }
    }

    @Test
    void aShortSecretOrNoLifetimeIsRefused() {
        assertThat(catchThrowableOfType(IllegalArgumentException.class,
                () -> new TokenService("short".getBytes(StandardCharsets.UTF_8), Duration.ofHours(1))))
                .hasMessageContaining("32 bytes");
        assertThat(catchThrowableOfType(IllegalArgumentException.class,
                () -> new TokenService(SECRET, Duration.ZERO))).hasMessageContaining("tokenHours");
    }
}
