package org.citywatch.api.server;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static org.citywatch.api.auth.Access.OPERATOR;
import static org.citywatch.api.auth.Access.VIEWER;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.citywatch.analytics.pipeline.AnalyticsPipeline;
import org.citywatch.analytics.pipeline.LatestView;
import org.citywatch.analytics.pipeline.ScheduleView;
import org.citywatch.analytics.scene.Scene;
import org.citywatch.api.auth.AuditLog;
import org.citywatch.api.auth.Principal;
import org.citywatch.api.auth.RouteTable;
import org.citywatch.ingest.camera.Camera;
import org.citywatch.ingest.source.CameraFleet;
import org.citywatch.ingest.source.CameraStatus;

/**
 * The camera routes:
 *
 * <pre>
 * GET    /api/cameras?district=&amp;kind=&amp;status=&amp;analysis=LIVE|PATROL|IDLE   cameras with health and analysis state
 * GET    /api/cameras/nearest?lat=&amp;lon=&amp;k=5    the K nearest cameras to a point (a citizen's report), with distance
 * GET    /api/cameras/{id}                      one camera, with its scene (zones and lines) for drawing
 * GET    /api/cameras/{id}/latest.jpg           the latest analysed frame with its tracks, or the latest thumbnail
 * POST   /api/cameras/{id}/pin, DELETE …/pin    pin a camera to live analysis, or unpin it
 * </pre>
 */
final class CameraRoutes {

    /** The most cameras /nearest answers with. */
    static final int MAX_NEAREST = 50;

    private final CameraFleet fleet;
    private final AnalyticsPipeline analytics;
    private final AuditLog audit;
    private final Function<Camera, Scene> scenes;

    CameraRoutes(CameraFleet fleet, AnalyticsPipeline analytics, Function<Camera, Scene> scenes, AuditLog audit) {
        this.audit = audit;
        this.fleet = fleet;
        this.analytics = analytics;
        this.scenes = scenes;
    }

    void register(RouteTable routes) {
        routes.add(GET, "/api/cameras", VIEWER, "Cameras with status and analysis (filters)", this::list);
        routes.add(GET, "/api/cameras/nearest", VIEWER, "The k cameras nearest a point", this::nearest);
        routes.add(GET, "/api/cameras/{id}", VIEWER, "One camera with its scene", this::one);
        routes.addWithQueryToken(GET, "/api/cameras/{id}/latest.jpg", VIEWER, "A camera's latest analysed frame",
                this::latestImage);
        routes.add(POST, "/api/cameras/{id}/pin", OPERATOR, "Pin a camera to live analysis", ctx -> pin(ctx, true));
        routes.add(DELETE, "/api/cameras/{id}/pin", OPERATOR, "Unpin a camera", ctx -> pin(ctx, false));
    }

    private Map<String, ScheduleView.Camera> schedule() {
        Map<String, ScheduleView.Camera> byId = new HashMap<>();
        analytics.schedule().cameras().forEach(c -> byId.put(c.id(), c));
        return byId;
    }

    private ObjectNode view(CameraFleet.Entry e, Map<String, ScheduleView.Camera> schedule) {
        String id = e.camera().id();
        return JsonViews.camera(e.camera(), e.health(), analytics.stats(id), Optional.ofNullable(schedule.get(id)));
    }

    private void list(RoutingContext ctx) {
        Optional<String> district = AlertRoutes.param(ctx, "district");
        Optional<String> kind = AlertRoutes.param(ctx, "kind").map(s -> s.toLowerCase(Locale.ROOT));
        Optional<String> status = AlertRoutes.param(ctx, "status").map(s -> s.toUpperCase(Locale.ROOT));
        Optional<String> analysis = AlertRoutes.param(ctx, "analysis").map(s -> s.toUpperCase(Locale.ROOT));
        if (status.isPresent() && !validStatus(status.get())) {
            ApiServer.json(ctx.response(), 400, JsonViews.error("bad_request", "status must be one of "
                    + List.of(CameraStatus.values())));
            return;
        }
        if (analysis.isPresent() && !List.of("LIVE", "PATROL", "IDLE").contains(analysis.get())) {
            ApiServer.json(ctx.response(), 400, JsonViews.error("bad_request", "analysis must be LIVE, PATROL or IDLE"));
            return;
        }
        Map<String, ScheduleView.Camera> schedule = schedule();
        ArrayNode out = JsonViews.MAPPER.createArrayNode();
        for (CameraFleet.Entry e : fleet.snapshot()) {
            Camera c = e.camera();
            String state = Optional.ofNullable(schedule.get(c.id())).map(s -> s.state().name()).orElse("IDLE");
            if (district.map(d -> d.equalsIgnoreCase(c.district())).orElse(true)
                    && kind.map(k -> k.equals(c.kind().name().toLowerCase(Locale.ROOT))).orElse(true)
                    && status.map(s -> s.equals(e.health().status().name())).orElse(true)
                    && analysis.map(state::equals).orElse(true)) {
                out.add(view(e, schedule));
            }
        }
        ApiServer.json(ctx.response(), 200, out.toString());
    }

    private static boolean validStatus(String s) {
        for (CameraStatus v : CameraStatus.values()) {
            if (v.name().equals(s)) {
                return true;
            }
        }
        return false;
    }

    private void one(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Optional<CameraFleet.Entry> e = fleet.get(id);
        if (e.isEmpty()) {
            ApiServer.json(ctx.response(), 404, JsonViews.error("not_found", "no camera " + id));
            return;
        }
        ObjectNode n = view(e.get(), schedule());
        n.set("scene", JsonViews.scene(scenes.apply(e.get().camera())));
        ApiServer.json(ctx.response(), 200, n.toString());
    }

    private void nearest(RoutingContext ctx) {
        double lat;
        double lon;
        int k;
        try {
            lat = number(ctx, "lat", -90, 90);
            lon = number(ctx, "lon", -180, 180);
            k = (int) AlertRoutes.param(ctx, "k").map(v -> parse("k", v, 1, MAX_NEAREST)).orElse(5.0).doubleValue();
        } catch (IllegalArgumentException ex) {
            ApiServer.json(ctx.response(), 400, JsonViews.error("bad_request", ex.getMessage()));
            return;
        }
        record Near(CameraFleet.Entry entry, double metres) {
        }
        List<Near> all = new ArrayList<>();
        for (CameraFleet.Entry e : fleet.snapshot()) {
            Camera c = e.camera();
            if (c.latitude() != 0 || c.longitude() != 0) { // 0,0: position unknown
                all.add(new Near(e, Geo.metres(lat, lon, c.latitude(), c.longitude())));
            }
        }
        all.sort(Comparator.comparingDouble(Near::metres));
        Map<String, ScheduleView.Camera> schedule = schedule();
        ArrayNode out = JsonViews.MAPPER.createArrayNode();
        for (Near n : all.subList(0, Math.min(k, all.size()))) {
            ObjectNode row = out.addObject();
            row.set("camera", view(n.entry(), schedule));
            row.put("distanceM", Math.round(n.metres() * 10) / 10.0);
        }
        ApiServer.json(ctx.response(), 200, out.toString());
    }

    private static double number(RoutingContext ctx, String name, double min, double max) {
        return parse(name, AlertRoutes.param(ctx, name).orElseThrow(
                () -> new IllegalArgumentException(name + " is required")), min, max);
    }

    private static double parse(String name, String value, double min, double max) {
        try {
            double v = Double.parseDouble(value);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a number in " + min + ".." + max);
    }

    /**
     * Each request also renews the camera's live view (only for cameras in the list, so that made-up ids take no
     * room): a tile that keeps asking keeps its camera refreshing about once a second.
     */
    private void latestImage(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        boolean known = fleet.get(id).isPresent();
        if (known) {
            analytics.viewing(id);
        }
        Optional<LatestView> view = analytics.latest(id);
        if (view.isEmpty()) {
            String why = known ? "camera " + id + " has no analysed frame yet" : "no camera " + id;
            ApiServer.json(ctx.response(), 404, JsonViews.error("not_found", why));
            return;
        }
        ctx.response().putHeader("content-type", "image/jpeg").putHeader("cache-control", "no-store")
                .end(Buffer.buffer(view.get().jpeg()));
    }

    /** Pins a camera to live analysis (POST) or unpins it (DELETE): 204, or 404 for an unknown camera. */
    private void pin(RoutingContext ctx, boolean on) {
        String id = ctx.pathParam("id");
        if (fleet.get(id).isEmpty()) {
            ApiServer.json(ctx.response(), 404, JsonViews.error("not_found", "no camera " + id));
            return;
        }
        analytics.pin(id, on);
        audit.record(Principal.of(ctx), on ? "camera.pin" : "camera.unpin", id, null);
        ctx.response().setStatusCode(204).end();
    }
}
