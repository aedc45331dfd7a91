package org.citywatch.api.auth;

import java.util.Optional;

/** Who may call a route: anybody, or a user with at least a role. */
public enum Access {
    /** No token needed: only /health, /metrics and /api/login (they reveal nothing sensitive). */
    ANONYMOUS(null),
    VIEWER(Role.VIEWER),
    OPERATOR(Role.OPERATOR),
    DISPATCHER(Role.DISPATCHER),
    ADMIN(Role.ADMIN);

    private final Role role;

    Access(Role role) {
        this.role = role;
    }

    /** The least role needed; empty for {@link #ANONYMOUS}. */
    public Optional<Role> role() {
        return Optional.ofNullable(role);
    }

    /** Whether a caller with this role (empty: no valid token) may call a route of this access. */
    public boolean allows(Optional<Role> caller) {
        return role == null || caller.map(c -> c.includes(role)).orElse(false);
    }
}
