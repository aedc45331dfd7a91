package org.citywatch.api.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import static io.vertx.core.http.HttpMethod.GET;
import static org.citywatch.api.auth.Access.ANONYMOUS;
import static org.citywatch.api.auth.Access.VIEWER;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.citywatch.analytics.counts.VehicleCounts;
import java.util.function.Function;
import org.citywatch.analytics.pipeline.AnalyticsPipeline;
import org.citywatch.analytics.scene.Scene;
import org.citywatch.api.auth.AuditLog;
import org.citywatch.api.auth.AuditRoutes;
import org.citywatch.api.auth.LoginRoutes;
import org.citywatch.api.auth.Route;
import org.citywatch.api.auth.RouteTable;
import org.citywatch.api.auth.Security;
import org.citywatch.api.auth.User;
import org.citywatch.api.auth.UserRoutes;
import org.citywatch.ingest.camera.Camera;
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
 * <p>Every route is in one {@link RouteTable} with the least role that may call it (see {@link
 * org.citywatch.api.auth.Role}); the guard of {@link Security} stands before each. Anonymous: only /health,
 * /metrics, POST /api/login and the dashboard's static files.
 *
 * <pre>
 * POST /api/login, GET /api/me        sign in, who am I: {@link LoginRoutes}
 * GET /api/users, PUT|DELETE /api/users/{name}   users (admin): {@link UserRoutes}
 * PUT|DELETE /api/cameras/{id}        cameras at run time (admin): {@link CameraAdminRoutes}
 * GET /api/openapi.json               the OpenAPI 3 document
 * GET /api/cameras…                   cameras (filters), one camera, nearest, latest image, pin: {@link CameraRoutes}
 * GET /api/stats/…                    alerts per hour, vehicle counts, system throughput: {@link StatsRoutes}
 * GET /api/ui-config                  the dashboard's map settings
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

    /** Alert store calls at once: a Redis round trip each, the connection is shared; a few overlap its latency. */
    private static final int STORE_THREADS = 4;
    /** Store calls waiting at most, beyond which requests are answered 503 rather than queued. */
    private static final int STORE_MAX_WAITING = 256;

    private final Vertx vertx;
    private final BlockingCalls storeCalls;
    private final CameraFleet fleet;
    private final AnalyticsPipeline analytics;
    private final AlertServices alerts;
    private final VehicleCounts counts;
    private final Function<Camera, Scene> scenes;
    private final UiSettings ui;
    private final RateSampler inferences;
    private final PushHub push;
    private final org.citywatch.api.metrics.Metrics metrics;
    private final Instant startedAt = Instant.now();
    private final Security security;
    private final AuditLog audit;
    private final CameraAdmin cameraAdmin;
    private final String openApiJson;
    private RouteTable routes;
    private final java.util.List<java.util.function.Consumer<RouteTable>> extraRoutes = new java.util.ArrayList<>();
    private HttpServer server;
    private AutoCloseable subscription;
    private CameraWatch cameraWatch;

    /**
     * @param scenes each camera's scene (its own, or the node's default) for drawing its zones and lines
     * @param ui     what the dashboard's map needs
     * @param pushSettings the live push's replay and per-client bounds
     * @param audit  where every user action is recorded (and what {@code GET /api/audit} reads)
     */
    public ApiServer(CameraFleet fleet, AnalyticsPipeline analytics, AlertServices alerts, VehicleCounts counts,
                     Function<Camera, Scene> scenes, UiSettings ui, Security security, CameraAdmin cameraAdmin,
                     PushSettings pushSettings, AuditLog audit) {
        this.audit = audit;
        this.vertx = Vertx.vertx();
        this.scenes = scenes;
        this.ui = ui;
        this.inferences = new RateSampler(() -> analytics.figures().detectedFrames());
        this.security = security;
        this.cameraAdmin = cameraAdmin;
        this.openApiJson = OpenApi.json(); // read once: a broken document stops start-up, not a request
        this.fleet = fleet;
        this.analytics = analytics;
        this.alerts = alerts;
        this.counts = counts;
        this.push = new PushHub(pushSettings, JsonViews::alertEvent);
        this.storeCalls = new BlockingCalls(vertx, "alert-store", STORE_THREADS, STORE_MAX_WAITING);
        this.metrics = new org.citywatch.api.metrics.Metrics(fleet, alerts.store(), () -> push.clients(Transport.WS),
                analytics, counts);
        metrics.bind(new PushMetrics(push));
        security.users().onChange(this::userChanged);
    }

    /**
     * An admin removed a user or changed their role: their open push streams end (the guard refuses the token from
     * now on, or caps its role; a stream was checked only when it opened). They reconnect as whoever they are now.
     */
    private void userChanged(String name, Optional<User> before, Optional<User> after) {
        if (after.isEmpty()) {
            push.sessions().end(name, "user removed");
        } else if (before.isPresent() && before.get().role() != after.get().role()) {
            push.sessions().end(name, "role changed");
        }
    }

    /**
     * Routes registered by other parts of the process (the CAP export of the integrations), in the same table, so
     * they are guarded and documented like the others; call before {@link #start}.
     */
    public void addRoutes(java.util.function.Consumer<RouteTable> routes) {
        extraRoutes.add(routes);
    }

    /**
     * Where routes registered by other parts of the process run their alert store calls: the API's own store
     * workers, off the event loop.
     */
    public BlockingCalls storeCalls() {
        return storeCalls;
    }

    /** The figures of {@code /metrics}, for other parts of the process to add theirs. */
    public org.citywatch.api.metrics.Metrics metrics() {
        return metrics;
    }

    /** Starts listening; returns the bound port (useful with port 0). */
    public int start(String host, int port) {
        RouteTable routes = new RouteTable();
        routes.add(GET, "/health", ANONYMOUS, "Liveness and counts (nothing sensitive)", this::health);
        routes.add(GET, "/metrics", ANONYMOUS, "Prometheus metrics (camera ids and districts, never a URL or user)",
                ctx -> ctx.response().putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
                        .end(metrics.scrape()));
        new LoginRoutes(security, audit).register(routes);
        new UserRoutes(security, audit).register(routes);
        new AuditRoutes(audit.trail()).register(routes);
        routes.add(GET, "/api/openapi.json", VIEWER, "This API's OpenAPI 3 document", this::openApi);
        new CameraRoutes(fleet, analytics, scenes, audit).register(routes);
        new CameraAdminRoutes(cameraAdmin, audit).register(routes);
        routes.add(GET, "/api/analytics", VIEWER, "The analysis scheduler and figures", this::analyticsView);
        new AlertRoutes(alerts, storeCalls, audit).register(routes);
        new CountRoutes(counts, fleet).register(routes);
        StatsRoutes stats = new StatsRoutes(alerts.store(), storeCalls, counts, fleet, analytics, inferences);
        stats.register(routes);
        routes.add(GET, "/api/ui-config", VIEWER, "The dashboard's map settings", this::uiConfig);
        extraRoutes.forEach(r -> r.accept(routes));
        new PushRoutes(push).register(routes);
        this.routes = routes;

        Router router = Router.router(vertx);
        routes.mount(router, security::guard);
        router.route("/api/*").handler(this::noSuchRoute);
        router.route("/*").handler(StaticHandler.create("webroot").setCachingEnabled(true).setMaxAgeSeconds(60));
        router.route().handler(ctx -> json(ctx.response(), 404, JsonViews.error("not_found", "nothing here")));
        router.route().failureHandler(FailureJson::handle);

        subscription = alerts.store().subscribe(push::alert);
        cameraWatch = CameraWatch.start(fleet::snapshot, () -> analytics.schedule().cameras(), push,
                push.settings().cameraPoll());
        vertx.setPeriodic(0, 5_000, id -> inferences.sample(System.nanoTime()));
        vertx.setPeriodic(SystemHistory.EVERY_MILLIS, SystemHistory.EVERY_MILLIS, id -> stats.sample());
        try {
            server = vertx.createHttpServer(PushRoutes.serverOptions(new HttpServerOptions())).requestHandler(router)
                    .listen(port, host).await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            close();
            throw new IllegalStateException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        log.info("API listening on {}:{} with {} routes (security {})", host, server.actualPort(),
                routes.routes().size(), security.enabled() ? "on" : "OFF");
        return server.actualPort();
    }

    /** Every route, as mounted (after {@link #start}): the tests walk it. */
    public List<Route> routes() {
        return routes == null ? List.of() : routes.routes();
    }

    /** An /api path no route has: 405 with Allow when another method has it, else 404; JSON either way. */
    private void noSuchRoute(RoutingContext ctx) {
        Set<HttpMethod> methods = routes.methodsOf(ctx.request().path());
        if (methods.isEmpty()) {
            json(ctx.response(), 404, JsonViews.error("not_found", "no such API route: " + ctx.request().path()));
            return;
        }
        ctx.response().putHeader("allow", String.join(", ", methods.stream().map(HttpMethod::name).toList()));
        json(ctx.response(), 405, JsonViews.error("method_not_allowed", ctx.request().method().name() + " is not "
                + "allowed on " + ctx.request().path() + "; allowed: " + methods.stream().map(HttpMethod::name).toList()));
    }

    private void openApi(RoutingContext ctx) {
        json(ctx.response(), 200, openApiJson);
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
