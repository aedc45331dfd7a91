package org.citywatch.api.server;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static org.citywatch.api.auth.Access.DISPATCHER;
import static org.citywatch.api.auth.Access.OPERATOR;
import static org.citywatch.api.auth.Access.VIEWER;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.citywatch.analytics.alert.AlertQuery;
import org.citywatch.analytics.alert.AlertState;
import org.citywatch.analytics.alert.AlertType;
import org.citywatch.analytics.alert.EvidenceStore;
import org.citywatch.analytics.alert.Severity;
import org.citywatch.analytics.alert.WorkflowConflict;
import org.citywatch.api.auth.AuditLog;
import org.citywatch.api.auth.Principal;
import org.citywatch.api.auth.RouteTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alert routes:
 *
 * <pre>
 * GET  /api/alerts?camera=&amp;district=&amp;type=&amp;severity=P2&amp;state=NEW&amp;from=ISO&amp;to=ISO&amp;before=ID&amp;limit=100
 *                                          newest first; severity = at least this severe; before = paging cursor
 * GET  /api/alerts/{id}                    one alert with its audit trail
 * GET  /api/alerts/{id}/snapshot.jpg       its snapshot (boxes and zone drawn)
 * GET  /api/alerts/{id}/clip.mp4           its clip, once recorded
 * POST /api/alerts/{id}/acknowledge              (operator)
 * POST /api/alerts/{id}/dispatch | resolve | false-alarm   (dispatcher)
 *      body {"why": "...", "unit": "..." (dispatch), "note": "..."}: 200 with the alert, 409 when the workflow
 *      does not allow the step, 404 for an unknown alert. The acting user, in the alert's audit trail, is the
 *      token's.
 * </pre>
 */
final class AlertRoutes {

    private static final Logger log = LoggerFactory.getLogger(AlertRoutes.class);

    private final AlertServices alerts;
    private final BlockingCalls store;
    private final AuditLog audit;

    /** @param store where the store's calls run: never on the event loop (a Redis store blocks) */
    AlertRoutes(AlertServices alerts, BlockingCalls store, AuditLog audit) {
        this.alerts = alerts;
        this.store = store;
        this.audit = audit;
    }

    void register(RouteTable routes) {
        routes.add(GET, "/api/alerts", VIEWER, "Alerts, newest first, filtered", this::list);
        routes.add(GET, "/api/alerts/{id}", VIEWER, "One alert with its audit trail", this::one);
        routes.addWithQueryToken(GET, "/api/alerts/{id}/snapshot.jpg", VIEWER, "An alert's snapshot",
                ctx -> evidence(ctx, EvidenceStore.Kind.SNAPSHOT));
        routes.addWithQueryToken(GET, "/api/alerts/{id}/clip.mp4", VIEWER, "An alert's evidence clip",
                ctx -> evidence(ctx, EvidenceStore.Kind.CLIP));
        routes.add(POST, "/api/alerts/{id}/acknowledge", OPERATOR, "Acknowledge an alert",
                ctx -> act(ctx, AlertState.ACKNOWLEDGED));
        routes.add(POST, "/api/alerts/{id}/dispatch", DISPATCHER, "Dispatch a unit to an alert",
                ctx -> act(ctx, AlertState.DISPATCHED));
        routes.add(POST, "/api/alerts/{id}/resolve", DISPATCHER, "Resolve an alert",
                ctx -> act(ctx, AlertState.RESOLVED));
        routes.add(POST, "/api/alerts/{id}/false-alarm", DISPATCHER, "Close an alert as a false alarm",
                ctx -> act(ctx, AlertState.FALSE_ALARM));
    }

    private void list(RoutingContext ctx) {
        AlertQuery q;
        try {
            q = query(ctx);
        } catch (IllegalArgumentException e) {
            ApiServer.json(ctx.response(), 400, JsonViews.error("bad_request", e.getMessage()));
            return;
        }
        AlertQuery query = q;
        store.call(() -> {
            ArrayNode out = JsonViews.MAPPER.createArrayNode();
            alerts.store().query(query).forEach(a -> out.add(JsonViews.alert(a)));
            return out.toString();
        }).onSuccess(json -> ApiServer.json(ctx.response(), 200, json))
                .onFailure(e -> BlockingCalls.fail(ctx, e));
    }

    static AlertQuery query(RoutingContext ctx) {
        AlertQuery q = AlertQuery.recent(intParam(ctx, "limit", 100));
        Optional<String> v;
        if ((v = param(ctx, "camera")).isPresent()) {
            q = q.withCamera(v.get());
        }
        if ((v = param(ctx, "district")).isPresent()) {
            q = q.withDistrict(v.get());
        }
        if ((v = param(ctx, "type")).isPresent()) {
            q = q.withType(enumParam(AlertType.class, "type", v.get()));
        }
        if ((v = param(ctx, "severity")).isPresent()) {
            q = q.withMinSeverity(enumParam(Severity.class, "severity", v.get()));
        }
        if ((v = param(ctx, "state")).isPresent()) {
            q = q.withState(enumParam(AlertState.class, "state", v.get().replace('-', '_')));
        }
        Optional<Instant> from = param(ctx, "from").map(s -> instant("from", s));
        Optional<Instant> to = param(ctx, "to").map(s -> instant("to", s));
        if (from.isPresent() || to.isPresent()) {
            q = q.between(from.orElse(null), to.orElse(null));
        }
        if ((v = param(ctx, "before")).isPresent()) {
            q = q.before(v.get());
        }
        return q;
    }

    private void one(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        store.call(() -> alerts.store().get(id).map(a -> JsonViews.alert(a).toString())).onSuccess(json -> {
            if (json.isPresent()) {
                ApiServer.json(ctx.response(), 200, json.get());
            } else {
                ApiServer.json(ctx.response(), 404, JsonViews.error("not_found", "no alert " + id));
            }
        }).onFailure(e -> BlockingCalls.fail(ctx, e));
    }

    private void evidence(RoutingContext ctx, EvidenceStore.Kind kind) {
        String id = ctx.pathParam("id");
        Optional<Path> file = alerts.evidence().find(id, kind);
        if (file.isEmpty()) {
            ApiServer.json(ctx.response(), 404, JsonViews.error("not_found",
                    "no " + kind.name().toLowerCase(Locale.ROOT) + " for alert " + id));
            return;
        }
        HttpServerResponse r = ctx.response();
        r.putHeader("content-type", kind.mediaType).putHeader("cache-control", "private, max-age=86400, immutable")
                .sendFile(file.get().toString());
    }

    /** A workflow step, by the token's user: a "user" in the body is ignored, so nobody acts in another's name. */
    private void act(RoutingContext ctx, AlertState to) {
        String id = ctx.pathParam("id");
        JsonNode body;
        try {
            String text = ctx.body().asString();
            body = text == null || text.isBlank() ? JsonViews.MAPPER.createObjectNode() : JsonViews.MAPPER.readTree(text);
        } catch (Exception e) {
            ApiServer.json(ctx.response(), 400, JsonViews.error("bad_request", "the body must be JSON"));
            return;
        }
        if (!body.isObject()) {
            ApiServer.json(ctx.response(), 400, JsonViews.error("bad_request", "the body must be a JSON object"));
            return;
        }
        Principal who = Principal.of(ctx);
        String user = who.user();
        String why = body.path("why").asText("");
        String unit = body.path("unit").asText("");
        String note = body.path("note").asText("");
        store.call(() -> alerts.workflow().act(id, to, user, why, unit, note)).onSuccess(a -> {
            log.info("Alert {} is {} by {}", id, to, user);
            audit.record(who, auditAction(to), id, auditDetail(unit, why));
            ApiServer.json(ctx.response(), 200, JsonViews.alert(a).toString());
        }).onFailure(e -> {
            switch (e) {
                case NoSuchElementException n -> ApiServer.json(ctx.response(), 404,
                        JsonViews.error("not_found", n.getMessage()));
                case IllegalArgumentException b -> ApiServer.json(ctx.response(), 400,
                        JsonViews.error("bad_request", b.getMessage()));
                // Only the workflow's own refusals are the caller's conflict; a store's failure is the server's.
                case WorkflowConflict c -> ApiServer.json(ctx.response(), 409,
                        JsonViews.error("conflict", c.getMessage()));
                default -> BlockingCalls.fail(ctx, e);
            }
        });
    }

    /** Named after the route: alert.acknowledge, alert.dispatch, alert.resolve, alert.false-alarm. */
    private static String auditAction(AlertState to) {
        return switch (to) {
            case ACKNOWLEDGED -> "alert.acknowledge";
            case DISPATCHED -> "alert.dispatch";
            case RESOLVED -> "alert.resolve";
            case FALSE_ALARM -> "alert.false-alarm";
            case NEW -> "alert.new";
        };
    }

    private static String auditDetail(String unit, String why) {
        StringBuilder d = new StringBuilder();
        if (!unit.isBlank()) {
            d.append("unit=").append(unit);
        }
        if (!why.isBlank()) {
            d.append(d.isEmpty() ? "" : " ").append("why=").append(why);
        }
        return d.toString();
    }

    static Optional<String> param(RoutingContext ctx, String name) {
        String v = ctx.request().getParam(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }

    private static int intParam(RoutingContext ctx, String name, int fallback) {
        Optional<String> v = param(ctx, name);
        if (v.isEmpty()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.get());
            if (n >= 1 && n <= AlertQuery.MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be 1.." + AlertQuery.MAX_LIMIT);
    }

    private static <E extends Enum<E>> E enumParam(Class<E> type, String name, String value) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " '" + value + "' is not one of "
                    + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    static Instant instant(String name, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an ISO-8601 instant such as 2026-11-22T09:00:00Z");
        }
    }
}
