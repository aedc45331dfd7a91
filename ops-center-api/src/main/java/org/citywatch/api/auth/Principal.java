package org.citywatch.api.auth;

import io.vertx.ext.web.RoutingContext;
import java.util.Objects;

/**
 * The user a request acts as, from its verified token. Handlers take the acting user from here, never from the
 * request body: that is what makes the audit trail trustworthy.
 */
public record Principal(String user, Role role) {

    /** The context key the guard stores the principal under. */
    static final String KEY = "citywatch.principal";

    /** Who acts when security is switched off ({@code security.enabled: false}): nobody in particular, allowed all. */
    public static final Principal UNSECURED = new Principal("anonymous", Role.ADMIN);

    public Principal {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(role, "role");
    }

    /**
     * The request's principal. Every route but the anonymous ones passes the guard first, so inside their handlers
     * this is the token's user; with security off it is {@link #UNSECURED}.
     */
    public static Principal of(RoutingContext ctx) {
        Principal p = ctx.get(KEY);
        return p == null ? UNSECURED : p;
    }
}
