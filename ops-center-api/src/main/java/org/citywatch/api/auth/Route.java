package org.citywatch.api.auth;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One route of the server, as the guard, the OpenAPI document and the role x route test all see it.
 *
 * @param path        written as in OpenAPI: {@code /api/alerts/{id}/acknowledge}
 * @param access      who may call it
 * @param summary     one line for people (logged at start, checked against the OpenAPI document's paths)
 * @param queryToken  whether the token may come as {@code ?access_token=} instead of the Authorization header: only
 *                    for what a browser opens itself and cannot add a header to (WebSocket, EventSource, an img or
 *                    video element), since a URL can end up in a proxy's log
 */
public record Route(HttpMethod method, String path, Access access, String summary, Handler<RoutingContext> handler,
                    boolean queryToken) {

    private static final Pattern PARAM = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_]*)}");

    public Route {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(handler, "handler");
        if (path == null || !path.startsWith("/") || path.contains(":") || path.contains("*")) {
            throw new IllegalArgumentException("route path must be absolute and use {name} parameters: " + path);
        }
        summary = summary == null ? "" : summary;
    }

    /** The path as Vert.x's router writes it: {@code /api/alerts/:id/acknowledge}. */
    public String vertxPath() {
        return PARAM.matcher(path).replaceAll(":$1");
    }

    /** The path's segments, a parameter written {@code {}} whatever its name (two routes differing only there clash). */
    List<String> shape() {
        return List.of(PARAM.matcher(path).replaceAll("{}").substring(1).split("/", -1));
    }

    /** Whether a request path (no query) is one of this route's. */
    public boolean matches(String requestPath) {
        StringBuilder regex = new StringBuilder();
        Matcher m = PARAM.matcher(path);
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(path.substring(last, m.start()))).append("[^/]+");
            last = m.end();
        }
        regex.append(Pattern.quote(path.substring(last)));
        return requestPath.matches(regex.toString());
    }

    /** Whether its handler reads a body (the table then reads it first, bounded). */
    boolean hasBody() {
        return method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH;
    }

    @Override
    public String toString() {
        return method + " " + path + " (" + access.name().toLowerCase(java.util.Locale.ROOT) + ")";
    }
}
