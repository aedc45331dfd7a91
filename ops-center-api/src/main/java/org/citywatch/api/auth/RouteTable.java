package org.citywatch.api.auth;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Every route of the server in one list, each with who may call it. The server mounts the list behind the guard,
 * and the tests walk the same list (every route x every role; every route documented in OpenAPI), so a route
 * cannot be added without a role, nor without being checked. One line per route:
 *
 * <pre>
 * routes.add(GET, "/api/cameras/{id}", VIEWER, "One camera", this::camera);
 * routes.add(POST, "/api/alerts/{id}/dispatch", DISPATCHER, "Dispatch a unit", ctx -&gt; act(ctx, DISPATCHED));
 * routes.addWithQueryToken(GET, "/api/events", VIEWER, "Live events (SSE)", this::events);
 * </pre>
 *
 * (with {@code import static io.vertx.core.http.HttpMethod.*} and {@code import static
 * org.citywatch.api.auth.Access.*}). Registration order does not matter: a literal segment is always tried before a
 * parameter in the same place ({@code /api/cameras/nearest} before {@code /api/cameras/{id}}). Not thread-safe: fill
 * it, then mount it once.
 */
public final class RouteTable {

    /** Bodies are JSON of a few KiB (a camera with its scene is the largest); anything bigger is refused with 413. */
    public static final long MAX_BODY_BYTES = 64 * 1024;

    private final List<Route> routes = new ArrayList<>();

    /** Adds a route whose token comes only in the Authorization header. */
    public RouteTable add(HttpMethod method, String path, Access access, String summary,
                          Handler<RoutingContext> handler) {
        return add(new Route(method, path, access, summary, handler, false));
    }

    /**
     * Adds a route a browser opens by itself (WebSocket, EventSource, img, video), which therefore also takes its
     * token as {@code ?access_token=}.
     */
    public RouteTable addWithQueryToken(HttpMethod method, String path, Access access, String summary,
                                        Handler<RoutingContext> handler) {
        return add(new Route(method, path, access, summary, handler, true));
    }

    public RouteTable add(Route route) {
        for (Route r : routes) {
            if (r.method().equals(route.method()) && r.shape().equals(route.shape())) {
                throw new IllegalStateException("route " + route + " clashes with " + r);
            }
        }
        routes.add(route);
        return this;
    }

    /** The routes, in the order they are tried. */
    public List<Route> routes() {
        List<Route> sorted = new ArrayList<>(routes);
        sorted.sort(SPECIFIC_FIRST);
        return List.copyOf(sorted);
    }

    /** The methods of the routes a path is one of (for 405 and its Allow header); empty: no such path. */
    public Set<HttpMethod> methodsOf(String requestPath) {
        Set<HttpMethod> out = new LinkedHashSet<>();
        routes.stream().filter(r -> r.matches(requestPath)).forEach(r -> out.add(r.method()));
        return out;
    }

    /**
     * Mounts every route on the router: bounded body reading (Vert.x wants it before any other handler), then the
     * guard for that route, then its handler.
     */
    public void mount(Router router, Function<Route, Handler<RoutingContext>> guard) {
        for (Route r : routes()) {
            io.vertx.ext.web.Route route = router.route(r.method(), r.vertxPath());
            if (r.hasBody()) {
                route.handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
            }
            route.handler(guard.apply(r)).handler(r.handler());
        }
    }

    /** Segment by segment, a literal before a parameter; otherwise the order of registration (a stable sort). */
    private static final Comparator<Route> SPECIFIC_FIRST = (a, b) -> {
        List<String> x = a.shape();
        List<String> y = b.shape();
        for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
            boolean px = x.get(i).equals("{}");
            boolean py = y.get(i).equals("{}");
            if (px != py) {
                return px ? 1 : -1;
            }
        }
        return Integer.compare(x.size(), y.size());
    };
}
