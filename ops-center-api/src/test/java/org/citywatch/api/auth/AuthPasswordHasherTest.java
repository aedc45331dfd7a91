package org.citywatch.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuthPasswordHasherTest {

    @Test
    void aHashIsSaltedSlowAndChecksOnlyItsPassword() {
        String hash = PasswordHasher.hash("correct horse".toCharArray());
        assertThat(hash).matches("pbkdf2-sha256\\$210000\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(PasswordHasher.verify("correct horse".toCharArray(), hash)).isTrue();
        assertThat(PasswordHasher.verify("correct horsE".toCharArray(), hash)).isFalse();
        assertThat(PasswordHasher.verify(new char[0], hash)).isFalse();
        assertThat(PasswordHasher.verify("x".repeat(PasswordHasher.MAX_PASSWORD_CHARS + 1).toCharArray(), hash))
                .isFalse();
        assertThat(PasswordHasher.hash("correct horse".toCharArray())).as("a new salt each time").isNotEqualTo(hash);
    }

    @Test
    void theIterationCountTravelsWithTheHash() {
        String hash = PasswordHasher.hash("pw".toCharArray(), 120_000);
        assertThat(hash).startsWith("pbkdf2-sha256$120000$");
        assertThat(PasswordHasher.verify("pw".toCharArray(), hash)).isTrue();
    }

    @Test
    void malformedOrWeakHashesAreRefusedWithoutBeingQuoted() {
        for (String bad : new String[] {"secret123", "pbkdf2-sha256$1000$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
                "pbkdf2-sha256$abc$c2FsdA$aGFzaA", "bcrypt$10$x$y", "pbkdf2-sha256$210000$!!$??"}) {
            IllegalArgumentException e = catchThrowableOfType(IllegalArgumentException.class,
                    () -> PasswordHasher.check(bad));
            assertThat(e).as(bad).isNotNull();
            assertThat(e.getMessage()).doesNotContain(bad);
        }
        assertThat(catchThrowableOfType(IllegalArgumentException.class,
                () -> PasswordHasher.check("pbkdf2-sha256$1000$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA")))
                .hasMessageContaining("100000");
    }

    @Test
    void randomPasswordsAreTypeable() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            String p = PasswordHasher.randomPassword(12);
            assertThat(p).hasSize(12).matches("[a-zA-Z2-9]+").doesNotContain("0", "O", "1", "l", "I");
            seen.add(p);
        }
        assertThat(seen).hasSize(50);
    }

    @Test
    void theDemoHasOneUserPerRoleWhoseRandomPasswordSignsIn() {
        DemoUsers demo = DemoUsers.create();
        assertThat(demo.users()).extracting(User::name).containsExactly("viewer", "operator", "dispatcher", "admin");
        assertThat(demo.users()).extracting(User::role).containsExactly(Role.values());
        for (int i = 0; i < 4; i++) {
            DemoUsers.Credentials c = demo.credentials().get(i);
            User u = demo.users().get(i);
            assertThat(c.name()).isEqualTo(u.name());
            assertThat(PasswordHasher.verify(c.password().toCharArray(), u.passwordHash())).isTrue();
            assertThat(c.toString()).doesNotContain(c.password());
            assertThat(u.toString()).doesNotContain(u.passwordHash());
        }
        assertThat(demo.credentials().stream().map(DemoUsers.Credentials::password).distinct()).hasSize(4);
    }
}
