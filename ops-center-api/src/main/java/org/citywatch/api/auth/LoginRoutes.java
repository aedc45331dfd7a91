package org.citywatch.api.auth;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * Signing in and asking who one is:
 *
 * <pre>
 * POST /api/login {"user":"lan","password":"..."}
 *      200 {"token":"&lt;JWT&gt;","user":"lan","role":"operator","expiresAt":"2026-12-01T20:00:00Z"}
 *      401 {"code":"unauthorized",...}          the same answer, after about the same time, for an unknown user
 *                                                and for a wrong password
 *      429 {"code":"too_many_attempts",...}     with Retry-After, after repeated failures (see LoginThrottle)
 * GET  /api/me  {"user":"lan","role":"operator","security":true}
 * </pre>
 * Audited by {@link AuditLog}: every good and refused sign-in, a name that is no user's only as a hash; throttled
 * ones (429) only as a rate-limited log line, as they cost the server nothing and a script can send any number.
 */
public final class LoginRoutes {

    private final Security security;
    private final AuditLog audit;

    public LoginRoutes(Security security, AuditLog audit) {
        this.security = security;
        this.audit = audit;
    }

    public void register(RouteTable routes) {
        routes.add(POST, "/api/login", Access.ANONYMOUS, "Sign in: a token for the user", this::login);
        routes.add(GET, "/api/me", Access.VIEWER, "Who the token is for", this::me);
    }

    private void me(RoutingContext ctx) {
        Principal p = Principal.of(ctx);
        ctx.response().putHeader("content-type", "application/json; charset=utf-8").putHeader("cache-control", "no-store")
                .end(new JsonObject().put("user", p.user()).put("role", p.role().wireName())
                        .put("security", security.enabled()).encode());
    }

    private void login(RoutingContext ctx) {
        if (!security.enabled()) {
            ErrorJson.send(ctx.response(), 404, "security_disabled",
                    "security is off on this server (security.enabled: false): no sign-in is needed");
            return;
        }
        JsonObject body;
        try {
            body = ctx.body().asJsonObject();
        } catch (RuntimeException e) {
            body = null;
        }
        Object userField = body == null ? null : body.getValue("user");
        Object passwordField = body == null ? null : body.getValue("password");
        if (!(userField instanceof String user) || !(passwordField instanceof String password)) {
            ErrorJson.send(ctx.response(), 400, "bad_request", "the body must be JSON {\"user\": ..., \"password\": ...}");
            return;
        }
        String address = ctx.request().remoteAddress() == null ? "" : ctx.request().remoteAddress().hostAddress();
        Optional<Duration> wait = security.throttle().wait(user, address);
        if (wait.isPresent()) {
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            audit.throttled(recorded(user), address, seconds);
            ctx.response().putHeader("retry-after", Long.toString(seconds));
            ErrorJson.send(ctx.response(), 429, "too_many_attempts",
                    "too many failed sign-ins; try again in " + seconds + " s");
            return;
        }
        security.hashing(ctx, () -> check(user, password)).onComplete(ar -> {
            if (ar.failed()) {
                if (ar.cause() instanceof Security.Busy) {
                    ctx.response().putHeader("retry-after", "1");
                    ErrorJson.send(ctx.response(), 503, "unavailable", ar.cause().getMessage());
                } else {
                    ctx.fail(ar.cause());
                }
                return;
            }
            Optional<User> ok = ar.result();
            if (ok.isEmpty()) {
                security.throttle().failed(user, address);
                audit.signIn(recorded(user), address, false, "wrong user name or password");
                ErrorJson.send(ctx.response(), 401, "unauthorized", "wrong user name or password");
                return;
            }
            security.throttle().succeeded(user);
            User u = ok.get();
            TokenService.Issued issued = security.tokens().issue(u.name(), u.role());
            audit.signIn(u.name(), address, true, null);
            ctx.response().putHeader("content-type", "application/json; charset=utf-8")
                    .putHeader("cache-control", "no-store")
                    .end(new JsonObject().put("token", issued.token()).put("user", u.name())
                            .put("role", u.role().wireName()).put("expiresAt", issued.expiresAt().toString()).encode());
        });
    }

    /** A refused name as the audit keeps it: a user's as is, any other hashed (it may be a password typed there). */
    private String recorded(String name) {
        return security.users().find(name).isPresent() ? name : AuditLog.unknownUser(name);
    }

    /** The user when the password is theirs. An unknown name costs one hash check too, against a decoy. */
    private Optional<User> check(String name, String password) {
        Optional<User> user = security.users().find(name);
        char[] chars = password.toCharArray();
        try {
            boolean match = PasswordHasher.verify(chars, user.map(User::passwordHash).orElse(security.decoyHash()));
            return match ? user : Optional.empty();
        } finally {
            Arrays.fill(chars, '\0');
        }
    }
}
