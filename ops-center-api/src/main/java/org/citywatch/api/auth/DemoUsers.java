package org.citywatch.api.auth;

import java.util.ArrayList;
import java.util.List;

/**
 * The demo's users: one per role, named after it, each with a fresh random password (the demo prints them once at
 * start-up, so nothing guessable ever runs, even for a demo left on a laptop in a meeting room).
 */
public final class DemoUsers {

    /** A user with the password in clear, to be printed once and forgotten. */
    public record Credentials(String name, Role role, String password) {
        @Override
        public String toString() {
            return "Credentials[" + name + " " + role.wireName() + "]"; // never the password by accident
        }
    }

    private final List<Credentials> credentials;
    private final List<User> users;

    private DemoUsers(List<Credentials> credentials, List<User> users) {
        this.credentials = List.copyOf(credentials);
        this.users = List.copyOf(users);
    }

    public static DemoUsers create() {
        List<Credentials> c = new ArrayList<>();
        List<User> u = new ArrayList<>();
        for (Role role : Role.values()) {
            String password = PasswordHasher.randomPassword(12);
            c.add(new Credentials(role.wireName(), role, password));
            u.add(new User(role.wireName(), role, PasswordHasher.hash(password.toCharArray())));
        }
        return new DemoUsers(c, u);
    }

    public List<Credentials> credentials() {
        return credentials;
    }

    public List<User> users() {
        return users;
    }
}
