package org.citywatch.api.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.citywatch.analytics.counts.VehicleCounts;
import org.citywatch.analytics.pipeline.AnalyticsPipeline;
import org.citywatch.analytics.pipeline.LatestView;
import org.citywatch.analytics.pipeline.ScheduleView;
import org.citywatch.api.push.CameraWatch;
import org.citywatch.api.push.PushHub;
import org.citywatch.api.push.PushMetrics;
import org.citywatch.api.push.PushRoutes;
import org.citywatch.api.push.PushSettings;
import org.citywatch.api.push.Transport;
import org.citywatch.ingest.source.CameraFleet;
import org.citywatch.ingest.source.CameraStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations centre's HTTP server (Vert.x): the REST API, the live push (WebSocket and Server-Sent
 * Events), the health check, and the dashboard's static files.
 *
 * <pre>
 * GET /api/cameras                    cameras with status and figures
 * GET /api/cameras/{id}/latest.jpg    latest analysed frame with boxes
 * GET /api/alerts…                    alerts, evidence and workflow actions: see {@link AlertRoutes}
 * GET /api/counts?camera=…            vehicle counts per minute, line, class and direction: {@link CountRoutes}
 * WS  /ws/alerts?district=&amp;camera=&amp;type=&amp;minSeverity=&amp;since=
 *                                     live push: {"type":"alert","event":"RAISED|UPDATED|…","eventId":…,"alert":{...}},
 *                                     {"type":"camera",…}, {"type":"gap",…}: see {@link PushRoutes}
 * GET /api/events?…                   the same as Server-Sent Events (Last-Event-ID resumes)
 * GET /health                         {"status":"UP", ...}
 * GET /metrics                        Prometheus text: cameras, streams, alerts, push clients and lag
 * GET /                               the dashboard
 * </pre>
 */
public final class ApiServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

    private final Vertx vertx;
    private final CameraFleet fleet;
    private final AnalyticsPipeline analytics;
    private final AlertServices alerts;
    private final VehicleCounts counts;
    private final PushHub push;
    private final org.citywatch.api.metrics.Metrics metrics;
    private final Instant startedAt = Instant.now();
    private HttpServer server;
    private AutoCloseable subscription;
    private CameraWatch cameraWatch;

    public ApiServer(CameraFleet fleet, AnalyticsPipeline analytics, AlertServices alerts, VehicleCounts counts) {
        this(fleet, analytics, alerts, counts, PushSettings.defaults());
    }

    public ApiServer(CameraFleet fleet, AnalyticsPipeline analytics, AlertServices alerts, VehicleCounts counts,
                     PushSettings pushSettings) {
        this.vertx = Vertx.vertx();
        this.fleet = fleet;
        this.analytics = analytics;
        this.alerts = alerts;
        this.counts = counts;
        this.push = new PushHub(pushSettings, JsonViews::alertEvent);
        this.metrics = new org.citywatch.api.metrics.Metrics(fleet, alerts.store(), () -> push.clients(Transport.WS),
                analytics, counts);
        metrics.bind(new PushMetrics(push));
    }

    /** Starts listening; returns the bound port (useful with port 0). */
    public int start(String host, int port) {
        Router router = Router.router(vertx);
        router.get("/health").handler(this::health);
        router.get("/metrics").handler(ctx -> ctx.response()
                .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8").end(metrics.scrape()));
        router.get("/api/cameras").handler(this::cameras);
        router.get("/api/cameras/:id/latest.jpg").handler(this::latestImage);
        router.post("/api/cameras/:id/pin").handler(ctx -> pin(ctx, true));
        router.delete("/api/cameras/:id/pin").handler(ctx -> pin(ctx, false));
        router.get("/api/analytics").handler(this::analyticsView);
        new AlertRoutes(alerts).mount(router);
        new CountRoutes(counts, fleet).mount(router);
        // WS /ws/alerts and SSE /api/events: plain routes, before the /api/* catch-all, so that an authentication
        // handler registered ahead of the API's routes refuses a request before any upgrade or stream.
        new PushRoutes(push).mount(router);
        router.route("/api/*").handler(ctx -> json(ctx.response(), 404,
                JsonViews.error("not_found", "no such API route: " + ctx.request().path())));
        router.route("/*").handler(StaticHandler.create("webroot").setCachingEnabled(true).setMaxAgeSeconds(60));
        router.route().failureHandler(this::failure);

        subscription = alerts.store().subscribe(push::alert);
        cameraWatch = CameraWatch.start(fleet::snapshot, push, push.settings().cameraPoll());
        try {
            server = vertx.createHttpServer(PushRoutes.serverOptions(new HttpServerOptions())).requestHandler(router)
                    .listen(port, host).await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            close();
            throw new IllegalStateException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        log.info("API listening on {}:{}", host, server.actualPort());
        return server.actualPort();
    }

    private void health(RoutingContext ctx) {
        ObjectNode n = JsonViews.MAPPER.createObjectNode();
        n.put("status", "UP");
        n.put("uptimeSeconds", Duration.between(startedAt, Instant.now()).toSeconds());
        var cameras = fleet.snapshot();
        n.put("cameras", cameras.size());
        n.put("camerasStreaming", cameras.stream().filter(e -> e.health().status() == CameraStatus.STREAMING).count());
        n.put("webSocketClients", push.clients(Transport.WS));
        n.put("sseClients", push.clients(Transport.SSE));
        json(ctx.response(), 200, n.toString());
    }

    private void cameras(RoutingContext ctx) {
        ArrayNode out = JsonViews.MAPPER.createArrayNode();
        Map<String, ScheduleView.Camera> schedule = new HashMap<>();
        analytics.schedule().cameras().forEach(c -> schedule.put(c.id(), c));
        for (CameraFleet.Entry e : fleet.snapshot()) {
            String id = e.camera().id();
            out.add(JsonViews.camera(e.camera(), e.health(), analytics.stats(id), Optional.ofNullable(schedule.get(id))));
        }
        json(ctx.response(), 200, out.toString());
    }

    private void latestImage(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Optional<LatestView> view = analytics.latest(id);
        if (view.isEmpty()) {
            String why = fleet.get(id).isPresent() ? "camera " + id + " has no analysed frame yet" : "no camera " + id;
            json(ctx.response(), 404, JsonViews.error("not_found", why));
            return;
        }
        jpeg(ctx.response(), view.get().jpeg(), "no-store");
    }

    /** Pins a camera to live analysis (POST) or unpins it (DELETE): 204, or 404 for an unknown camera. */
    private void pin(RoutingContext ctx, boolean on) {
        String id = ctx.pathParam("id");
        if (fleet.get(id).isEmpty()) {
            json(ctx.response(), 404, JsonViews.error("not_found", "no camera " + id));
            return;
        }
        analytics.pin(id, on);
        log.info("Camera {} {} by an operator", id, on ? "pinned" : "unpinned");
        ctx.response().setStatusCode(204).end();
    }

    /** The scheduler (who is analysed, how often, the patrol cycle) and the analysis figures of the node. */
    private void analyticsView(RoutingContext ctx) {
        json(ctx.response(), 200, JsonViews.analytics(analytics.schedule(), analytics.figures()).toString());
    }

    private void failure(RoutingContext ctx) {
        int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
        if (status >= 500) {
            log.error("Request {} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
        }
        if (!ctx.response().ended()) {
            String code = status == 404 ? "not_found" : status < 500 ? "bad_request" : "internal_error";
            String message = status >= 500 ? "internal error; see the server log" : "request failed (" + status + ")";
            json(ctx.response(), status, JsonViews.error(code, message));
        }
    }

    static void json(HttpServerResponse response, int status, String body) {
        response.setStatusCode(status).putHeader("content-type", "application/json; charset=utf-8").end(body);
    }

    private static void jpeg(HttpServerResponse response, byte[] bytes, String cacheControl) {
        response.putHeader("content-type", "image/jpeg").putHeader("cache-control", cacheControl)
                .end(Buffer.buffer(bytes));
    }

    @Override
    public void close() {
        if (subscription != null) {
            try {
                subscription.close();
            } catch (Exception ignored) {
                // unsubscribing from the in-process store cannot fail in a way that matters at shutdown
            }
        }
        if (cameraWatch != null) {
            cameraWatch.close();
        }
        push.close();
        try {
            vertx.close().await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("Vert.x did not close cleanly: {}", e.toString());
        }
    }
}
