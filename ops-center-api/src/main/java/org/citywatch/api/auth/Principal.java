package org.citywatch.api.auth;

import io.vertx.ext.web.RoutingContext;
import java.util.Objects;
import java.util.Optional;

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
     * The request's principal: the token's user inside the handler of any route but an anonymous one (the guard put
     * it there); {@link #UNSECURED} with security off.
     *
     * @throws IllegalStateException in the handler of an anonymous route with security on: nobody is signed in
     *                               there, and falling back to some default user would be a hole
     */
    public static Principal of(RoutingContext ctx) {
        return find(ctx).orElseThrow(() -> new IllegalStateException("no signed-in user on " + ctx.request().path()
                + ": an anonymous route cannot act as a user"));
    }

    /** The request's principal when the guard put one there (not on an anonymous route, nor without a guard). */
    public static Optional<Principal> find(RoutingContext ctx) {
        return Optional.ofNullable(ctx.get(KEY));
    }
}
