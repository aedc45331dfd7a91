package org.citywatch.api.integrations;

import static io.vertx.core.http.HttpMethod.GET;
import static org.citywatch.api.auth.Access.VIEWER;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.util.Optional;
import java.util.function.Function;
import org.citywatch.analytics.alert.AlertStore;
import org.citywatch.api.auth.RouteTable;
import org.citywatch.api.server.BlockingCalls;
import org.citywatch.ingest.camera.Camera;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/alerts/{id}/cap.xml}: the alert as a CAP 1.2 message ({@code application/cap+xml}), or 404 as
 * JSON. Registered in the server's route table like {@code server.AlertRoutes}.
 */
public final class CapRoutes {

    private static final Logger log = LoggerFactory.getLogger(CapRoutes.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AlertStore alerts;
    private final BlockingCalls store;
    private final CapExport cap;
    private final Function<String, Optional<Camera>> cameras;

    /**
     * @param store   where the store's calls run: never on the event loop (a Redis store blocks)
     * @param cameras a camera by id (the fleet's current list): its position gives the CAP area's circle
     */
    public CapRoutes(AlertStore alerts, BlockingCalls store, CapExport cap,
                     Function<String, Optional<Camera>> cameras) {
        this.alerts = alerts;
        this.store = store;
        this.cap = cap;
        this.cameras = cameras;
    }

    /** Viewer role; the token may come in the URL too, as for evidence: a CAP link opened in a browser tab. */
    public void register(RouteTable routes) {
        routes.addWithQueryToken(GET, "/api/alerts/{id}/cap.xml", VIEWER, "The alert as CAP 1.2 XML", this::export);
    }

    private void export(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        String base = base(ctx);
        store.call(() -> alerts.get(id).map(a -> {
            Optional<CapExport.Position> where = cameras.apply(a.cameraId())
                    .map(c -> new CapExport.Position(c.latitude(), c.longitude()));
            log.debug("CAP export of alert {} version {}", id, a.version());
            return cap.toXml(a, where, base);
        })).onSuccess(xml -> {
            if (xml.isEmpty()) {
                ctx.response().setStatusCode(404).putHeader("content-type", "application/json; charset=utf-8")
                        .end(JSON.createObjectNode().put("code", "not_found").put("message", "no alert " + id)
                                .toString());
                return;
            }
            ctx.response().putHeader("content-type", CapExport.MEDIA_TYPE + "; charset=utf-8")
                    .putHeader("cache-control", "no-cache").end(xml.get());
        }).onFailure(e -> BlockingCalls.fail(ctx, e));
    }

    /** scheme://host:port the request was made to: evidence links that work for whoever asked. */
    private static String base(RoutingContext ctx) {
        try {
            URI u = URI.create(ctx.request().absoluteURI());
            return u.getScheme() + "://" + u.getRawAuthority();
        } catch (IllegalArgumentException | NullPointerException e) { // a Host header that makes no URI
            return "http://localhost";
        }
    }
}
