package org.citywatch.api.auth;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The {@code security:} section of the configuration.
 *
 * <pre>
 * security:
 *   enabled: true            # default; false only behind another gate (then everyone may do everything)
 *   users:                   # hash passwords with: ./citywatch hash-password
 *     - { name: lan, role: operator, passwordHash: "pbkdf2-sha256$210000$...$..." }
 *   usersFile: users.yaml    # optional: users changed through the API are kept here (written atomically);
 *                            # once it exists it holds the users, and security.users only seeds it
 *   jwtSecret: "..."         # at least 32 bytes; the same on every API node; absent: random per start
 *   tokenHours: 12           # how long a token is good for: an operator's shift
 * </pre>
 *
 * @param explicit whether the configuration had a {@code security:} section at all (the server refuses to start
 *                 secured with no user, and says how to fix it)
 */
public record SecuritySettings(boolean enabled, List<User> users, Optional<Path> usersFile,
                               Optional<String> jwtSecret, Duration tokenLifetime, boolean explicit) {

    public static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofHours(12);

    public SecuritySettings {
        users = List.copyOf(users);
        if (jwtSecret.isPresent() && jwtSecret.get().getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                < TokenService.MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("security.jwtSecret must have at least " + TokenService.MIN_SECRET_BYTES
                    + " bytes (e.g. openssl rand -base64 48)");
        }
        if (tokenLifetime.isNegative() || tokenLifetime.isZero() || tokenLifetime.compareTo(Duration.ofDays(7)) > 0) {
            throw new IllegalArgumentException("security.tokenHours must be more than 0 and at most 168");
        }
    }

    /** What a configuration without a {@code security:} section gets: on, with nobody (start-up then refuses). */
    public static SecuritySettings defaults() {
        return new SecuritySettings(true, List.of(), Optional.empty(), Optional.empty(), DEFAULT_TOKEN_LIFETIME, false);
    }

    /** Security off: every route open, every action by {@code anonymous}. */
    public static SecuritySettings disabled() {
        return new SecuritySettings(false, List.of(), Optional.empty(), Optional.empty(), DEFAULT_TOKEN_LIFETIME, true);
    }

    public SecuritySettings withUsers(List<User> more) {
        List<User> all = new java.util.ArrayList<>(users);
        all.addAll(more);
        return new SecuritySettings(enabled, all, usersFile, jwtSecret, tokenLifetime, explicit);
    }
}
