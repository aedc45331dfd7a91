package org.citywatch.api.auth;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A user who can sign in: name, role and salted slow password hash ({@link PasswordHasher}). The hash never leaves
 * the server: {@link #toString()} leaves it out, and no JSON view has it.
 */
public record User(String name, Role role, String passwordHash) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}");

    public User {
        Objects.requireNonNull(role, "role");
        checkName(name);
        PasswordHasher.check(passwordHash);
    }

    /** @throws IllegalArgumentException when the name is not 1-64 of letters, digits, '_', '.', '@', '-' */
    public static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a user name must be 1-64 of letters, digits, '_', '.', '@', '-'"
                    + " starting with a letter or digit");
        }
        return name;
    }

    public User withRole(Role newRole) {
        return new User(name, newRole, passwordHash);
    }

    @Override
    public String toString() {
        return "User[" + name + " " + role.wireName() + "]";
    }
}
