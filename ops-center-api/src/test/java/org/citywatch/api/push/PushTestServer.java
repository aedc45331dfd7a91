package org.citywatch.api.push;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.citywatch.analytics.alert.AlertEvent;
import org.citywatch.analytics.alert.InMemoryAlertStore;
import org.citywatch.analytics.pipeline.ScheduleView;
import org.citywatch.api.auth.RouteTable;
import org.citywatch.api.server.JsonViews;
import org.citywatch.ingest.source.CameraFleet;

/**
 * The push routes served for real over HTTP on a free loopback port, as {@code ApiServer} mounts them, fed by an
 * in-memory alert store (tests publish into it as the incident trackers would) and, when asked, a camera fleet.
 * Counts every serialisation of an alert event, which is the API's own {@link JsonViews#alertEvent}.
 */
final class PushTestServer implements AutoCloseable {

    final Vertx vertx = Vertx.vertx();
    final InMemoryAlertStore store = new InMemoryAlertStore();
    final AtomicInteger serialisations = new AtomicInteger();
    final PushHub hub;
    final int port;
    private final AutoCloseable subscription;
    private CameraWatch watch;

    PushTestServer(PushSettings settings) throws Exception {
        hub = new PushHub(settings, e -> {
            serialisations.incrementAndGet();
            return JsonViews.alertEvent(e);
        });
        Router router = Router.router(vertx);
        RouteTable routes = new RouteTable();
        new PushRoutes(hub).register(routes);
        routes.mount(router, route -> ctx -> ctx.next()); // roles are RoleRouteMatrixTest's business
        port = vertx.createHttpServer(PushRoutes.serverOptions(new HttpServerOptions())).requestHandler(router)
                .listen(0, "127.0.0.1")
                .await(10, TimeUnit.SECONDS).actualPort();
        subscription = store.subscribe(hub::alert);
    }

    PushTestServer() throws Exception {
        this(PushSettings.defaults());
    }

    /** Watches the fleet's statuses and the scheduler's rows ({@code List::of}: no scheduler, every camera idle). */
    void watchCameras(Supplier<List<CameraFleet.Entry>> fleet, Supplier<List<ScheduleView.Camera>> schedule,
                      Duration every) {
        watch = CameraWatch.start(fleet, schedule, hub, every);
    }

    AlertEvent publish(AlertEvent e) {
        store.publish(e);
        return e;
    }

    @Override
    public void close() throws Exception {
        if (watch != null) {
            watch.close();
        }
        subscription.close();
        hub.close();
        vertx.close().await(10, TimeUnit.SECONDS);
    }
}
