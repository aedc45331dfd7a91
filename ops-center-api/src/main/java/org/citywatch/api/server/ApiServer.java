package org.citywatch.api.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.citywatch.analytics.counts.VehicleCounts;
import java.util.function.Function;
import org.citywatch.analytics.pipeline.AnalyticsPipeline;
import org.citywatch.analytics.scene.Scene;
import org.citywatch.ingest.camera.Camera;
import org.citywatch.ingest.source.CameraFleet;
import org.citywatch.ingest.source.CameraStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations centre's HTTP server (Vert.x): the REST API, the live alert WebSocket, the health
 * check, and the dashboard's static files.
 *
 * <pre>
 * GET /api/cameras…                   cameras (filters), one camera, nearest, latest image, pin: {@link CameraRoutes}
 * GET /api/stats/…                    alerts per hour, vehicle counts, system throughput: {@link StatsRoutes}
 * GET /api/ui-config                  the dashboard's map settings
 * GET /api/alerts…                    alerts, evidence and workflow actions: see {@link AlertRoutes}
 * GET /api/counts?camera=…            vehicle counts per minute, line, class and direction: {@link CountRoutes}
 * WS  /ws/alerts                      {"type":"alert","event":"RAISED|UPDATED|ENDED|STATE_CHANGED|EVIDENCE",
 *                                      "eventId":…,"alert":{...}} for each alert event
 * GET /health                         {"status":"UP", ...}
 * GET /metrics                        Prometheus text: cameras, streams, alerts, WebSocket clients
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
    private final Function<Camera, Scene> scenes;
    private final UiSettings ui;
    private final RateSampler inferences;
    private final AlertPush push = new AlertPush();
    private final org.citywatch.api.metrics.Metrics metrics;
    private final Instant startedAt = Instant.now();
    private HttpServer server;
    private AutoCloseable subscription;

    /**
     * @param scenes each camera's scene (its own, or the node's default) for drawing its zones and lines
     * @param ui     what the dashboard's map needs
     */
    public ApiServer(CameraFleet fleet, AnalyticsPipeline analytics, AlertServices alerts, VehicleCounts counts,
                     Function<Camera, Scene> scenes, UiSettings ui) {
        this.vertx = Vertx.vertx();
        this.fleet = fleet;
        this.analytics = analytics;
        this.alerts = alerts;
        this.counts = counts;
        this.scenes = scenes;
        this.ui = ui;
        this.inferences = new RateSampler(() -> analytics.figures().detectedFrames());
        this.metrics = new org.citywatch.api.metrics.Metrics(fleet, alerts.store(), push::clientCount, analytics,
                counts);
    }

    /** Starts listening; returns the bound port (useful with port 0). */
    public int start(String host, int port) {
        Router router = Router.router(vertx);
        router.get("/health").handler(this::health);
        router.get("/metrics").handler(ctx -> ctx.response()
                .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8").end(metrics.scrape()));
        new CameraRoutes(fleet, analytics, scenes).mount(router);
        router.get("/api/analytics").handler(this::analyticsView);
        new AlertRoutes(alerts).mount(router);
        new CountRoutes(counts, fleet).mount(router);
        new StatsRoutes(alerts.store(), counts, fleet, analytics, inferences).mount(router);
        router.get("/api/ui-config").handler(this::uiConfig);
        vertx.setPeriodic(0, 5_000, id -> inferences.sample(System.nanoTime()));
        router.get("/ws/alerts").handler(this::webSocket);
        router.route("/api/*").handler(ctx -> json(ctx.response(), 404,
                JsonViews.error("not_found", "no such API route: " + ctx.request().path())));
        router.route("/*").handler(StaticHandler.create("webroot").setCachingEnabled(true).setMaxAgeSeconds(60));
        router.route().failureHandler(this::failure);

        subscription = alerts.store().subscribe(push::publish);
        try {
            server = vertx.createHttpServer().requestHandler(router).listen(port, host).await(30, TimeUnit.SECONDS);
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
        n.put("webSocketClients", push.clientCount());
        json(ctx.response(), 200, n.toString());
    }

    /** The scheduler (who is analysed, how often, the patrol cycle) and the analysis figures of the node. */
    private void analyticsView(RoutingContext ctx) {
        json(ctx.response(), 200, JsonViews.analytics(analytics.schedule(), analytics.figures()).toString());
    }

    /** The dashboard's map settings; without a configured centre, the middle of the cameras that have a position. */
    private void uiConfig(RoutingContext ctx) {
        ObjectNode n = JsonViews.MAPPER.createObjectNode();
        n.put("tileUrl", ui.tileUrl().orElse(null));
        n.put("attribution", ui.attribution());
        double[] c = ui.center().orElseGet(() -> {
            double[] sum = new double[3];
            fleet.snapshot().stream().map(CameraFleet.Entry::camera)
                    .filter(cam -> cam.latitude() != 0 || cam.longitude() != 0).forEach(cam -> {
                        sum[0] += cam.latitude();
                        sum[1] += cam.longitude();
                        sum[2]++;
                    });
            return sum[2] == 0 ? new double[] {0, 0} : new double[] {sum[0] / sum[2], sum[1] / sum[2]};
        });
        n.putArray("center").add(c[0]).add(c[1]);
        n.put("zoom", ui.zoom());
        json(ctx.response(), 200, n.toString());
    }

    private void webSocket(RoutingContext ctx) {
        if (!ctx.request().canUpgradeToWebSocket()) {
            json(ctx.response(), 400, JsonViews.error("bad_request", "this endpoint speaks WebSocket only"));
            return;
        }
        ctx.request().toWebSocket()
                .onSuccess(push::add)
                .onFailure(e -> log.debug("WebSocket upgrade failed: {}", e.toString()));
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

    @Override
    public void close() {
        if (subscription != null) {
            try {
                subscription.close();
            } catch (Exception ignored) {
                // unsubscribing from the in-process store cannot fail in a way that matters at shutdown
            }
        }
        push.closeAll();
        try {
            vertx.close().await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("Vert.x did not close cleanly: {}", e.toString());
        }
    }
}
