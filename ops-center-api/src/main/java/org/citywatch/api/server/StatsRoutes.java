package org.citywatch.api.server;

import static io.vertx.core.http.HttpMethod.GET;
import static org.citywatch.api.auth.Access.VIEWER;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.citywatch.analytics.alert.Alert;
import org.citywatch.analytics.alert.AlertQuery;
import org.citywatch.analytics.alert.AlertStore;
import org.citywatch.analytics.counts.CountKey;
import org.citywatch.analytics.counts.VehicleCounts;
import org.citywatch.analytics.pipeline.AnalyticsPipeline;
import org.citywatch.analytics.pipeline.PipelineFigures;
import org.citywatch.api.auth.RouteTable;
import org.citywatch.ingest.source.CameraFleet;

/**
 * Statistics for the dashboard's charts and for engineers:
 *
 * <pre>
 * GET /api/stats/alerts?from=ISO&amp;to=ISO&amp;district=   alerts raised per hour, by type and district (default: 24 h)
 * GET /api/stats/counts?from=ISO&amp;to=ISO&amp;camera=     vehicle crossings per camera, line, class, direction (default: 1 h)
 * GET /api/stats/system?historyMinutes=              streams online and analysed, inference rate, latency, open alerts;
 *                                                    with historyMinutes (1..360) also their samples over that time
 * </pre>
 *
 * Alert statistics read the alert store (so on Redis they cover every node), on the store's workers, at most
 * {@link #MAX_SCANNED} alerts per request; past that the answer says {@code "truncated": true}. The open alerts of
 * the system figures are read at most every few seconds ({@link OpenAlertCount}): every dashboard polls them.
 */
final class StatsRoutes {

    static final int MAX_SCANNED = 20_000;

    private final AlertStore alerts;
    private final BlockingCalls store;
    private final OpenAlertCount openAlerts;
    private final VehicleCounts counts;
    private final CameraFleet fleet;
    private final AnalyticsPipeline analytics;
    private final RateSampler inferences;
    private final SystemHistory history = new SystemHistory();

    /** @param store where the store's calls run: never on the event loop (a Redis store blocks) */
    StatsRoutes(AlertStore alerts, BlockingCalls store, VehicleCounts counts, CameraFleet fleet,
                AnalyticsPipeline analytics, RateSampler inferences) {
        this.alerts = alerts;
        this.store = store;
        this.openAlerts = new OpenAlertCount(alerts, store);
        this.counts = counts;
        this.fleet = fleet;
        this.analytics = analytics;
        this.inferences = inferences;
    }

    void register(RouteTable routes) {
        routes.add(GET, "/api/stats/alerts", VIEWER, "Alerts raised per hour by type and district", this::alerts);
        routes.add(GET, "/api/stats/counts", VIEWER, "Vehicle crossings per camera, line, class, direction",
                this::counts);
        routes.add(GET, "/api/stats/system", VIEWER, "Streams online and analysed, inference rate", this::system);
    }

    private record Window(Instant from, Instant to) {
    }

    private static Window window(RoutingContext ctx, Duration fallback) {
        Instant to = AlertRoutes.param(ctx, "to").map(s -> AlertRoutes.instant("to", s)).orElse(Instant.now());
        Instant from = AlertRoutes.param(ctx, "from").map(s -> AlertRoutes.instant("from", s))
                .orElse(to.minus(fallback));
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("from is after to");
        }
        if (Duration.between(from, to).compareTo(Duration.ofDays(31)) > 0) {
            throw new IllegalArgumentException("at most 31 days at a time");
        }
        return new Window(from, to);
    }

    private void alerts(RoutingContext ctx) {
        Window w;
        try {
            w = window(ctx, Duration.ofHours(24));
        } catch (IllegalArgumentException e) {
            ApiServer.json(ctx.response(), 400, JsonViews.error("bad_request", e.getMessage()));
            return;
        }
        AlertQuery q = AlertQuery.recent(AlertQuery.MAX_LIMIT).between(w.from(), w.to());
        Optional<String> district = AlertRoutes.param(ctx, "district");
        if (district.isPresent()) {
            q = q.withDistrict(district.get());
        }
        AlertQuery first = q;
        store.call(() -> alertsPerHour(w, first)).onSuccess(json -> ApiServer.json(ctx.response(), 200, json))
                .onFailure(e -> BlockingCalls.fail(ctx, e));
    }

    /** Pages through the store (blocking: on a worker). */
    private String alertsPerHour(Window w, AlertQuery q) {
        // hour -> type -> district -> count, oldest hour first
        Map<Instant, Map<String, Map<String, Integer>>> hours = new TreeMap<>();
        int scanned = 0;
        boolean truncated = false;
        while (true) {
            List<Alert> page = alerts.query(q);
            for (Alert a : page) {
                Instant hour = a.raisedAt().truncatedTo(ChronoUnit.HOURS);
                hours.computeIfAbsent(hour, h -> new TreeMap<>()).computeIfAbsent(a.type().name(), t -> new TreeMap<>())
                        .merge(a.district(), 1, Integer::sum);
            }
            scanned += page.size();
            if (page.size() < q.limit()) {
                break;
            }
            if (scanned >= MAX_SCANNED) {
                truncated = true;
                break;
            }
            q = q.before(page.getLast().id());
        }
        ObjectNode out = JsonViews.MAPPER.createObjectNode();
        out.put("from", w.from().toString());
        out.put("to", w.to().toString());
        out.put("truncated", truncated);
        ArrayNode rows = out.putArray("hours");
        hours.forEach((hour, byType) -> byType.forEach((type, byDistrict) -> byDistrict.forEach((d, n) -> {
            ObjectNode r = rows.addObject();
            r.put("hour", hour.toString());
            r.put("type", type);
            r.put("district", d);
            r.put("count", n);
        })));
        return out.toString();
    }

    private void counts(RoutingContext ctx) {
        Window w;
        try {
            w = window(ctx, Duration.ofHours(1));
        } catch (IllegalArgumentException e) {
            ApiServer.json(ctx.response(), 400, JsonViews.error("bad_request", e.getMessage()));
            return;
        }
        ObjectNode out = JsonViews.MAPPER.createObjectNode();
        out.put("from", w.from().toString());
        out.put("to", w.to().toString());
        out.put("retentionMinutes", counts.retention().toMinutes());
        ArrayNode rows = out.putArray("series");
        for (Map.Entry<CountKey, Long> e : counts.sums(AlertRoutes.param(ctx, "camera"), w.from(), w.to())
                .entrySet()) {
            ObjectNode r = rows.addObject();
            r.put("camera", e.getKey().cameraId());
            r.put("line", e.getKey().lineId());
            r.put("class", e.getKey().label());
            r.put("direction", e.getKey().direction());
            r.put("count", e.getValue());
        }
        ApiServer.json(ctx.response(), 200, out.toString());
    }

    /** Takes one sample of the system's figures into the history (the server's timer calls it). */
    void sample() {
        history.add(now());
    }

    private SystemHistory.Sample now() {
        var cameras = fleet.snapshot();
        PipelineFigures f = analytics.figures();
        int online = (int) cameras.stream().filter(e -> e.health().status().online()).count();
        return new SystemHistory.Sample(Instant.now(), cameras.size(), online, analytics.schedule().analysedStreams(),
                inferences.perSecond(), f.latencyP99Ms());
    }

    private void system(RoutingContext ctx) {
        int minutes;
        try {
            minutes = AlertRoutes.param(ctx, "historyMinutes").map(v -> bounded("historyMinutes", v, 1, 360))
                    .orElse(0);
        } catch (IllegalArgumentException e) {
            ApiServer.json(ctx.response(), 400, JsonViews.error("bad_request", e.getMessage()));
            return;
        }
        SystemHistory.Sample s = now();
        PipelineFigures f = analytics.figures();
        ObjectNode out = JsonViews.MAPPER.createObjectNode();
        out.put("camerasTotal", s.camerasTotal());
        out.put("camerasOnline", s.camerasOnline());
        out.put("analysedStreams", s.analysedStreams());
        out.put("analysisFpsPerStream", Math.round(analytics.schedule().fps() * 100) / 100.0);
        out.put("inferenceFps", rounded(s.inferenceFps(), 10));
        out.put("capacityFps", rounded(f.capacityFps(), 10));
        out.put("latencyP99Ms", rounded(s.latencyP99Ms(), 1));
        if (minutes > 0) {
            ArrayNode h = out.putArray("history");
            for (SystemHistory.Sample p : history.since(s.at().minus(Duration.ofMinutes(minutes)))) {
                h.addObject().put("at", p.at().toString()).put("camerasTotal", p.camerasTotal())
                        .put("camerasOnline", p.camerasOnline()).put("analysedStreams", p.analysedStreams())
                        .put("inferenceFps", rounded(p.inferenceFps(), 10))
                        .put("latencyP99Ms", rounded(p.latencyP99Ms(), 1));
            }
        }
        // The figures that do not need the store are the ones wanted most when it is away: answer them anyway.
        openAlerts.get().onComplete(ar -> {
            if (ar.succeeded()) {
                out.put("alertsOpen", ar.result());
            } else {
                out.putNull("alertsOpen");
            }
            ApiServer.json(ctx.response(), 200, out.toString());
        });
    }

    /** Rounded to 1/{@code per}; null (JSON null) while unknown. */
    private static Double rounded(double v, int per) {
        return Double.isNaN(v) ? null : Math.round(v * per) / (double) per;
    }

    private static int bounded(String name, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a number in " + min + ".." + max);
    }
}
