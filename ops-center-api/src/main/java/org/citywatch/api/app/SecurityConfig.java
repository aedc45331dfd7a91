package org.citywatch.api.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.citywatch.api.auth.Role;
import org.citywatch.api.auth.SecuritySettings;
import org.citywatch.api.auth.User;

/** Reads the {@code security:} section (format: {@link SecuritySettings}). */
final class SecurityConfig {

    private SecurityConfig() {
    }

    static SecuritySettings parse(ConfigSection top, Path baseDir) {
        if (top.node().path("security").isMissingNode()) {
            return SecuritySettings.defaults();
        }
        ConfigSection s = top.child("security", Set.of("enabled", "users", "usersFile", "jwtSecret", "tokenHours"));
        List<User> users = new ArrayList<>();
        JsonNode list = s.node().path("users");
        if (!list.isMissingNode() && !list.isNull()) {
            if (!list.isArray()) {
                throw new IllegalArgumentException("security.users must be a list of {name, role, passwordHash}");
            }
            int index = 0;
            for (JsonNode n : list) {
                index++;
                ConfigSection entry = new ConfigSection("security.users[" + index + "]", n,
                        Set.of("name", "role", "passwordHash"));
                try {
                    users.add(new User(entry.text("name", null), Role.parse(entry.text("role", null)),
                            entry.text("passwordHash", null)));
                } catch (IllegalArgumentException | NullPointerException e) {
                    throw new IllegalArgumentException("security.users[" + index + "]: " + e.getMessage());
                }
            }
        }
        Optional<Path> usersFile = Optional.ofNullable(s.text("usersFile", null))
                .map(f -> baseDir.resolve(f).toAbsolutePath());
        double hours = s.doubleValue("tokenHours", SecuritySettings.DEFAULT_TOKEN_LIFETIME.toMinutes() / 60.0);
        if (!(hours > 0)) {
            throw new IllegalArgumentException("security.tokenHours must be more than 0, got " + hours);
        }
        Duration lifetime = Duration.ofSeconds(Math.round(hours * 3600));
        return new SecuritySettings(s.bool("enabled", true), users, usersFile,
                Optional.ofNullable(s.text("jwtSecret", null)), lifetime, true);
    }
}
