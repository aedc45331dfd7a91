package org.citywatch.api.auth;

import static io.vertx.core.http.HttpMethod.GET;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The audit trail, for admins:
 *
 * <pre>
 * GET /api/audit?user=lan&amp;action=alert.&amp;from=…&amp;to=…&amp;limit=100
 *     200 {"entries":[{"at","user","role","action","target","detail","address","ok"}…],"held":N,"heldSince":"…"}
 * </pre>
 * {@code action} matches as a prefix ({@code alert.} gives every workflow step, {@code login} every sign-in); newest
 * first; {@code limit} 1..1000 (100). {@code held} and {@code heldSince} say how far back this node's trail goes.
 */
public final class AuditRoutes {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final int MAX_LIMIT = 1000;

    private final AuditTrail trail;

    public AuditRoutes(AuditTrail trail) {
        this.trail = trail;
    }

    public void register(RouteTable routes) {
        routes.add(GET, "/api/audit", Access.ADMIN, "The audit trail: who did what", this::list);
    }

    private void list(RoutingContext ctx) {
        Predicate<AuditEntry> match;
        int limit;
        try {
            match = filter(ctx);
            limit = limit(ctx.queryParams().get("limit"));
        } catch (IllegalArgumentException e) {
            ErrorJson.send(ctx.response(), 400, "bad_request", e.getMessage());
            return;
        }
        List<AuditEntry> found = trail.query(match, limit);
        ObjectNode out = JSON.createObjectNode();
        ArrayNode entries = out.putArray("entries");
        found.forEach(e -> entries.add(AuditTrail.toJson(e)));
        out.put("held", trail.size());
        out.put("heldSince", trail.oldest().map(Instant::toString).orElse(null));
        ctx.response().putHeader("content-type", "application/json; charset=utf-8").putHeader("cache-control", "no-store")
                .end(out.toString());
    }

    private static Predicate<AuditEntry> filter(RoutingContext ctx) {
        Predicate<AuditEntry> match = e -> true;
        Optional<String> user = param(ctx, "user");
        if (user.isPresent()) {
            match = match.and(e -> e.user().equals(user.get()));
        }
        Optional<String> action = param(ctx, "action");
        if (action.isPresent()) {
            match = match.and(e -> e.action().startsWith(action.get()));
        }
        Optional<Instant> from = param(ctx, "from").map(v -> instant("from", v));
        if (from.isPresent()) {
            match = match.and(e -> !e.at().isBefore(from.get()));
        }
        Optional<Instant> to = param(ctx, "to").map(v -> instant("to", v));
        if (to.isPresent()) {
            match = match.and(e -> e.at().isBefore(to.get()));
        }
        return match;
    }

    private static Optional<String> param(RoutingContext ctx, String name) {
        String v = ctx.queryParams().get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v);
    }

    static int limit(String value) {
        if (value == null || value.isBlank()) {
            return 100;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("limit must be a number in 1.." + MAX_LIMIT);
    }

    private static Instant instant(String name, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an ISO-8601 instant such as 2026-11-22T09:00:00Z");
        }
    }
}
