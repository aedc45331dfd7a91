package org.citywatch.api.auth;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PUT;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Users at run time (admins only):
 *
 * <pre>
 * GET    /api/users          [{"name":"lan","role":"operator"}, ...]   (never a hash)
 * PUT    /api/users/{name}   {"role":"dispatcher", "password":"..."}: 201 created, 200 changed; a new user needs
 *                            both, an existing one either (role alone: the password stays; password alone: the role)
 * DELETE /api/users/{name}   204, 404 when there is no such user
 * </pre>
 *
 * 409 {@code conflict} for a change that would leave no admin. Kept in memory and, with {@code security.usersFile},
 * in that file. A deleted or demoted user's tokens stop working (or lose the role) at once on this node, and the
 * live push streams of a deleted user, or one whose role changed, end (see {@code push.PushSessions}).
 */
public final class UserRoutes {

    private static final Logger log = LoggerFactory.getLogger(UserRoutes.class);
    /** New passwords set through the API must be at least this long; configured hashes are the admin's business. */
    static final int MIN_PASSWORD_CHARS = 8;

    private final Security security;
    private final AuditLog audit;

    public UserRoutes(Security security, AuditLog audit) {
        this.security = security;
        this.audit = audit;
    }

    public void register(RouteTable routes) {
        routes.add(GET, "/api/users", Access.ADMIN, "Users and their roles", this::list);
        routes.add(PUT, "/api/users/{name}", Access.ADMIN, "Add or change a user", this::put);
        routes.add(DELETE, "/api/users/{name}", Access.ADMIN, "Remove a user", this::delete);
    }

    private void list(RoutingContext ctx) {
        JsonArray out = new JsonArray();
        security.users().list().forEach(u -> out.add(view(u)));
        ok(ctx, 200, out.encode());
    }

    private void put(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        JsonObject body;
        try {
            User.checkName(name);
            body = ctx.body().asJsonObject();
            if (body == null) {
                throw new IllegalArgumentException("the body must be JSON {\"role\": ..., \"password\": ...}");
            }
        } catch (io.vertx.core.json.DecodeException | ClassCastException e) {
            ErrorJson.send(ctx.response(), 400, "bad_request", "the body must be JSON {\"role\": ..., \"password\": ...}");
            return;
        } catch (IllegalArgumentException e) {
            ErrorJson.send(ctx.response(), 400, "bad_request", e.getMessage());
            return;
        }
        Object roleField = body.getValue("role");
        Object passwordField = body.getValue("password");
        Optional<User> existing = security.users().find(name);
        Role role;
        try {
            if (roleField != null && !(roleField instanceof String)) {
                throw new IllegalArgumentException("role must be viewer, operator, dispatcher or admin");
            }
            if (passwordField != null && !(passwordField instanceof String)) {
                throw new IllegalArgumentException("password must be a string");
            }
            if (existing.isEmpty() && (roleField == null || passwordField == null)) {
                throw new IllegalArgumentException("a new user needs a role and a password");
            }
            if (roleField == null && passwordField == null) {
                throw new IllegalArgumentException("nothing to change: give a role, a password or both");
            }
            role = roleField == null ? existing.get().role() : Role.parse((String) roleField);
            if (passwordField != null) {
                int n = ((String) passwordField).length();
                if (n < MIN_PASSWORD_CHARS || n > PasswordHasher.MAX_PASSWORD_CHARS) {
                    throw new IllegalArgumentException("a password must have " + MIN_PASSWORD_CHARS + ".."
                            + PasswordHasher.MAX_PASSWORD_CHARS + " characters");
                }
            }
        } catch (IllegalArgumentException e) {
            ErrorJson.send(ctx.response(), 400, "bad_request", e.getMessage());
            return;
        }
        Principal admin = Principal.of(ctx);
        String password = (String) passwordField;
        security.hashing(ctx, () -> {
            String hash = password == null ? existing.get().passwordHash() : PasswordHasher.hash(password.toCharArray());
            try {
                return security.users().put(new User(name, role, hash));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).onComplete(ar -> {
            if (ar.succeeded()) {
                audit.record(admin, ar.result() ? "user.create" : "user.change", name, "role=" + role.wireName()
                        + (password == null ? "" : " password=changed"));
                ok(ctx, ar.result() ? 201 : 200, new JsonObject().put("name", name).put("role", role.wireName())
                        .encode());
            } else {
                failed(ctx, ar.cause());
            }
        });
    }

    private void delete(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        Principal admin = Principal.of(ctx);
        security.hashing(ctx, () -> { // not hashing, but it may write the users file: off the event loop too
            try {
                return security.users().remove(name);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).onComplete(ar -> {
            if (ar.failed()) {
                failed(ctx, ar.cause());
            } else if (!ar.result()) {
                ErrorJson.send(ctx.response(), 404, "not_found", "no user " + name);
            } else {
                audit.record(admin, "user.delete", name, null);
                ctx.response().setStatusCode(204).end();
            }
        });
    }

    private static void failed(RoutingContext ctx, Throwable e) {
        Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                ? e.getCause() : e;
        if (cause instanceof IllegalStateException) {
            ErrorJson.send(ctx.response(), 409, "conflict", cause.getMessage());
        } else if (cause instanceof Security.Busy) {
            ErrorJson.send(ctx.response(), 503, "unavailable", cause.getMessage());
        } else if (cause instanceof java.io.UncheckedIOException io) {
            log.error("Cannot write the users file", io.getCause());
            ErrorJson.send(ctx.response(), 500, "internal_error", "cannot write the users file; see the server log");
        } else {
            ctx.fail(cause);
        }
    }

    private static JsonObject view(User u) {
        return new JsonObject().put("name", u.name()).put("role", u.role().wireName());
    }

    private static void ok(RoutingContext ctx, int status, String json) {
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json; charset=utf-8")
                .putHeader("cache-control", "no-store").end(json);
    }
}
