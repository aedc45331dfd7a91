package org.citywatch.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthUserStoreTest {

    /** One hash for every test user: hashing is slow on purpose. */
    private static final String HASH = PasswordHasher.hash("a-good-password".toCharArray());

    @TempDir
    Path dir;

    private SecuritySettings settings(List<User> users, Optional<Path> file) {
        return new SecuritySettings(true, users, file, Optional.empty(), Duration.ofHours(12), true);
    }

    @Test
    void changesAreKeptInTheUsersFileWhichThenHoldsTheUsers() throws Exception {
        Path file = dir.resolve("conf/users.yaml");
        UserStore store = UserStore.open(settings(List.of(new User("ada", Role.ADMIN, HASH)), Optional.of(file)));
        assertThat(Files.exists(file)).as("nothing written until something changes").isFalse();
        assertThat(store.put(new User("lan", Role.OPERATOR, HASH))).isTrue();
        assertThat(store.put(new User("lan", Role.DISPATCHER, HASH))).isFalse();
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        try (var files = Files.list(file.getParent())) {
            assertThat(files).as("no temporary file left").containsExactly(file);
        }

        // Restarted with other configured users: the file wins.
        UserStore again = UserStore.open(settings(List.of(new User("someone", Role.ADMIN, HASH)), Optional.of(file)));
        assertThat(again.list()).extracting(User::toString).containsExactly("User[ada admin]", "User[lan dispatcher]");
        assertThat(again.find("lan").orElseThrow().passwordHash()).isEqualTo(HASH);
        assertThat(again.remove("lan")).isTrue();
        assertThat(again.remove("lan")).isFalse();
        assertThat(UserStore.open(settings(List.of(), Optional.of(file))).find("lan")).isEmpty();
    }

    @Test
    void theLastAdminStays() throws Exception {
        UserStore store = UserStore.open(settings(List.of(new User("ada", Role.ADMIN, HASH),
                new User("lan", Role.OPERATOR, HASH)), Optional.empty()));
        assertThat(catchThrowableOfType(IllegalStateException.class, () -> store.remove("ada")))
                .hasMessageContaining("last admin");
        assertThat(catchThrowableOfType(IllegalStateException.class,
                () -> store.put(new User("ada", Role.VIEWER, HASH)))).hasMessageContaining("last admin");
        assertThat(store.find("ada").orElseThrow().role()).isEqualTo(Role.ADMIN);
        store.put(new User("minh", Role.ADMIN, HASH));
        assertThat(store.remove("ada")).as("another admin remains").isTrue();
    }

    @Test
    void aBrokenUsersFileSaysWhichEntryWithoutQuotingHashes() throws Exception {
        Path file = dir.resolve("users.yaml");
        Files.writeString(file, "users:\n  - { name: ada, role: admin, passwordHash: \"" + HASH + "\" }\n"
                + "  - { name: lan, role: operator, passwordHash: \"hunter2\" }\n");
        IllegalArgumentException e = catchThrowableOfType(IllegalArgumentException.class,
                () -> UserStore.open(settings(List.of(), Optional.of(file))));
        assertThat(e.getMessage()).contains("user #2").doesNotContain("hunter2").doesNotContain(HASH);
        Files.writeString(file, "people: []\n");
        assertThat(catchThrowableOfType(IllegalArgumentException.class,
                () -> UserStore.open(settings(List.of(), Optional.of(file))))).hasMessageContaining("'users:'");
    }

    @Test
    void userNamesAreChecked() {
        for (String bad : new String[] {"", "-lan", "a b", "x".repeat(65), "lan/../x", null}) {
            assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> new User(bad, Role.VIEWER, HASH)))
                    .as(String.valueOf(bad)).isNotNull();
        }
        assertThat(new User("lan.nguyen@d1", Role.VIEWER, HASH).name()).isEqualTo("lan.nguyen@d1");
    }
}
