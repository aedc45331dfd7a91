package org.citywatch.api.server;

import static io.vertx.core.http.HttpMethod.GET;
import static org.citywatch.api.auth.Access.VIEWER;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.citywatch.analytics.counts.CountKey;
import org.citywatch.analytics.counts.MinuteCount;
import org.citywatch.analytics.counts.VehicleCounts;
import org.citywatch.api.auth.RouteTable;
import org.citywatch.ingest.source.CameraFleet;

/**
 * Vehicle counts per camera:
 *
 * <pre>
 * GET /api/counts?camera=ID&amp;line=&amp;from=ISO&amp;to=ISO   (default: the last hour)
 *   {"camera":…, "from":…, "to":…,
 *    "totals":  [{"line":…, "class":"car", "direction":"northbound", "count":12}, …],
 *    "minutes": [{"minute":"2026-12-01T08:00:00Z", "line":…, "class":…, "direction":…, "count":3}, …]}
 * </pre>
 */
final class CountRoutes {

    private final VehicleCounts counts;
    private final CameraFleet fleet;

    CountRoutes(VehicleCounts counts, CameraFleet fleet) {
        this.counts = counts;
        this.fleet = fleet;
    }

    void register(RouteTable routes) {
        routes.add(GET, "/api/counts", VIEWER, "Vehicle counts per minute, line, class and direction", this::counts);
    }

    private void counts(RoutingContext ctx) {
        Optional<String> camera = AlertRoutes.param(ctx, "camera");
        if (camera.isEmpty()) {
            ApiServer.json(ctx.response(), 400, JsonViews.error("bad_request", "camera is required"));
            return;
        }
        if (fleet.get(camera.get()).isEmpty()) {
            ApiServer.json(ctx.response(), 404, JsonViews.error("not_found", "no camera " + camera.get()));
            return;
        }
        Instant to;
        Instant from;
        try {
            to = AlertRoutes.param(ctx, "to").map(s -> AlertRoutes.instant("to", s)).orElse(Instant.now());
            from = AlertRoutes.param(ctx, "from").map(s -> AlertRoutes.instant("from", s))
                    .orElse(to.minus(Duration.ofHours(1)));
        } catch (IllegalArgumentException e) {
            ApiServer.json(ctx.response(), 400, JsonViews.error("bad_request", e.getMessage()));
            return;
        }
        if (from.isAfter(to)) {
            ApiServer.json(ctx.response(), 400, JsonViews.error("bad_request", "from is after to"));
            return;
        }
        List<MinuteCount> minutes = counts.query(camera.get(), AlertRoutes.param(ctx, "line"), from, to);
        ObjectNode out = JsonViews.MAPPER.createObjectNode();
        out.put("camera", camera.get());
        out.put("from", from.toString());
        out.put("to", to.toString());
        out.put("retentionMinutes", counts.retention().toMinutes());
        Map<CountKey, Long> totals = new LinkedHashMap<>();
        ArrayNode rows = out.putArray("minutes");
        for (MinuteCount m : minutes) {
            totals.merge(m.key(), m.count(), Long::sum);
            ObjectNode r = key(rows.addObject(), m.key());
            r.put("minute", m.minute().toString());
            r.put("count", m.count());
        }
        ArrayNode t = out.putArray("totals");
        totals.forEach((k, n) -> key(t.addObject(), k).put("count", n));
        ApiServer.json(ctx.response(), 200, out.toString());
    }

    private static ObjectNode key(ObjectNode n, CountKey k) {
        n.put("line", k.lineId());
        n.put("class", k.label());
        n.put("direction", k.direction());
        return n;
    }
}
