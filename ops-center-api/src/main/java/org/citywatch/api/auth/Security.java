package org.citywatch.api.auth;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's security at run time: the users, the token service, the sign-in throttle and the guard that stands
 * before every route of the {@link RouteTable}.
 *
 * <p>The guard answers, in this order: an anonymous route passes; no token: 401 {@code unauthorized}; a token that
 * does not verify (foreign key, changed, expired) or whose user no longer exists: 401; a role below the route's:
 * 403 {@code forbidden} "needs role dispatcher". The token's role is capped by the user's role now, so demoting or
 * deleting a user takes effect at once on this node, not when the token expires.
 */
public final class Security implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Security.class);
    private static final int HASHING_THREADS = 2;
    private static final int HASHING_QUEUE = 64;
    private static final String EXPIRES_KEY = "citywatch.tokenExpires";

    private final SecuritySettings settings;
    private final UserStore users;
    private final TokenService tokens;
    private final LoginThrottle throttle = new LoginThrottle();
    /**
     * Password hashing is slow on purpose, so it runs here, never on an event loop: two threads (what a burst of
     * sign-ins may take of the machine) and a bounded queue (past it: 503, rather than a pile of work).
     */
    private final ThreadPoolExecutor hashing;
    /** Checked when the user name is unknown, so that answering takes as long as for a wrong password. */
    private final String decoyHash;

    private Security(SecuritySettings settings, UserStore users, TokenService tokens) {
        this.settings = settings;
        this.users = users;
        this.tokens = tokens;
        this.hashing = new ThreadPoolExecutor(HASHING_THREADS, HASHING_THREADS, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(HASHING_QUEUE), Thread.ofPlatform().daemon().name("password-hash-", 0).factory());
        this.hashing.allowCoreThreadTimeOut(true);
        this.decoyHash = settings.enabled() ? PasswordHasher.hash(PasswordHasher.randomPassword(24).toCharArray())
                : null;
    }

    /**
     * Reads the users and sets up tokens.
     *
     * @throws IllegalStateException when security is on but there is nobody to sign in (the message says how to add
     *                               a user, or how to switch security off knowingly)
     */
    public static Security open(SecuritySettings settings) throws IOException {
        if (!settings.enabled()) {
            log.warn("Security is OFF (security.enabled: false): every route is open to anyone who reaches the port, "
                    + "and actions are audited as 'anonymous'");
            return new Security(settings, UserStore.open(settings), null);
        }
        UserStore users = UserStore.open(settings);
        if (users.isEmpty()) {
            throw new IllegalStateException("security is on but no user is configured, so nobody could sign in. Add "
                    + "users under security.users (hash each password with: ./citywatch hash-password), or set "
                    + "security.enabled: false explicitly if another gate protects this server");
        }
        byte[] secret;
        if (settings.jwtSecret().isPresent()) {
            secret = settings.jwtSecret().get().getBytes(StandardCharsets.UTF_8);
        } else {
            secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            log.warn("No security.jwtSecret: tokens are signed with a random key made at this start; they do not "
                    + "survive a restart, and other API nodes cannot check them");
        }
        TokenService tokens = new TokenService(secret, settings.tokenLifetime());
        log.info("Security on: {} user(s) {}, tokens good for {} h", users.list().size(),
                users.list().stream().map(u -> u.name() + "(" + u.role().wireName() + ")").toList(),
                settings.tokenLifetime().toMinutes() / 60.0);
        return new Security(settings, users, tokens);
    }

    public boolean enabled() {
        return settings.enabled();
    }

    public UserStore users() {
        return users;
    }

    TokenService tokens() {
        return tokens;
    }

    LoginThrottle throttle() {
        return throttle;
    }

    String decoyHash() {
        return decoyHash;
    }

    /** Runs slow password work off the event loop; completes on the request's context. */
    <T> Future<T> hashing(RoutingContext ctx, Supplier<T> work) {
        CompletableFuture<T> f;
        try {
            f = CompletableFuture.supplyAsync(work, hashing);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return Future.failedFuture(new Busy());
        }
        return Future.fromCompletionStage(f, ctx.vertx().getOrCreateContext());
    }

    /** Too many password checks waiting: answered 503. */
    static final class Busy extends RuntimeException {
        Busy() {
            super("too many sign-ins at once; try again in a moment", null, false, false);
        }
    }

    /** The handler that stands before a route's own: see the class comment. */
    public Handler<RoutingContext> guard(Route route) {
        if (!settings.enabled()) {
            return ctx -> {
                ctx.put(Principal.KEY, Principal.UNSECURED);
                ctx.next();
            };
        }
        if (route.access() == Access.ANONYMOUS) {
            return RoutingContext::next;
        }
        Role needed = route.access().role().orElseThrow();
        return ctx -> {
            Optional<String> token = token(ctx, route.queryToken());
            if (token.isEmpty()) {
                ErrorJson.send(ctx.response().putHeader("www-authenticate", "Bearer"), 401, "unauthorized",
                        "sign in first: POST /api/login, then send the header Authorization: Bearer <token>");
                return;
            }
            Optional<TokenService.Verified> verified = tokens.check(token.get());
            Optional<Principal> p = verified.flatMap(v -> current(v.principal()));
            if (p.isEmpty()) {
                ErrorJson.send(ctx.response().putHeader("www-authenticate", "Bearer error=\"invalid_token\""), 401,
                        "unauthorized", "the token is invalid or has expired: sign in again");
                return;
            }
            if (!p.get().role().includes(needed)) {
                ErrorJson.send(ctx.response(), 403, "forbidden", "needs role " + needed.wireName());
                return;
            }
            ctx.put(Principal.KEY, p.get());
            ctx.put(EXPIRES_KEY, verified.get().expiresAt());
            ctx.next();
        };
    }

    /**
     * When the request's token expires (empty with security off): a request is checked once, but a live push stream
     * lasts, and must end then.
     */
    public static Optional<Instant> tokenExpiry(RoutingContext ctx) {
        return Optional.ofNullable(ctx.get(EXPIRES_KEY));
    }

    /** The token's principal as the user is now: gone when the user was removed, never above the user's role. */
    private Optional<Principal> current(Principal fromToken) {
        return users.find(fromToken.user()).map(u -> new Principal(u.name(),
                u.role().includes(fromToken.role()) ? fromToken.role() : u.role()));
    }

    private static Optional<String> token(RoutingContext ctx, boolean queryToken) {
        String header = ctx.request().getHeader("authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String t = header.substring(7).strip();
            return t.isEmpty() ? Optional.empty() : Optional.of(t);
        }
        if (queryToken) {
            String t = ctx.request().getParam("access_token");
            return t == null || t.isBlank() ? Optional.empty() : Optional.of(t.strip());
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        hashing.shutdownNow();
    }
}
