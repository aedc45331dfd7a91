package org.citywatch.api.push;

import static io.vertx.core.http.HttpMethod.GET;
import static org.citywatch.api.auth.Access.VIEWER;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.Channel;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.citywatch.api.auth.ErrorJson;
import org.citywatch.api.auth.Principal;
import org.citywatch.api.auth.RouteTable;
import org.citywatch.api.auth.Security;
import io.vertx.core.net.impl.ConnectionBase;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two live-push routes, plain Router routes so that a handler placed before them (authentication) can refuse a
 * request before anything is upgraded or streamed:
 *
 * <pre>
 * WS  /ws/alerts?district=&amp;camera=&amp;type=&amp;minSeverity=&amp;since=ID
 * GET /api/events?district=&amp;camera=&amp;type=&amp;minSeverity=&amp;since=ID
 *                                      Server-Sent Events; Last-Event-ID wins over since
 * </pre>
 *
 * A bad filter or id is a 400 {"code":"bad_request","message":…} before any upgrade.
 *
 * <p>A signed-in user's stream ends when the token expires, or when an admin removes the user or changes their role
 * (WebSocket close 1008 with the reason; SSE: the response ends): see {@link PushSessions}. A user holds at most
 * {@code push.maxStreamsPerUser} streams; the next one is refused: SSE 429 {"code":"too_many_streams",…}, WebSocket
 * closed 1008 right after the upgrade.
 */
public final class PushRoutes {

    private static final Logger log = LoggerFactory.getLogger(PushRoutes.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final PushHub hub;

    public PushRoutes(PushHub hub) {
        this.hub = hub;
    }

    /**
     * The server options the push needs: no WebSocket compression. Browsers offer permessage-deflate and Vert.x
     * accepts it by default, which would compress every message once per client (per-client work in the fan-out,
     * about as costly as the rest of it) and rule out writing one ready-made frame to every client.
     */
    public static HttpServerOptions serverOptions(HttpServerOptions options) {
        return options.setPerMessageWebSocketCompressionSupported(false)
                .setPerFrameWebSocketCompressionSupported(false);
    }

    /**
     * Viewer role; the token may come as {@code ?access_token=}, since browsers cannot set headers on a WebSocket or
     * an EventSource (the filter parser ignores that parameter). The guard refuses before any upgrade or stream.
     */
    public void register(RouteTable routes) {
        routes.addWithQueryToken(GET, "/ws/alerts", VIEWER, "Live events (WebSocket)", this::webSocket);
        routes.addWithQueryToken(GET, "/api/events", VIEWER, "Live events (Server-Sent Events)", this::events);
    }

    private void webSocket(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (!request.canUpgradeToWebSocket()) {
            badRequest(ctx, "this endpoint speaks WebSocket only; Server-Sent Events are at /api/events");
            return;
        }
        PushFilter filter;
        Optional<String> since;
        try {
            filter = PushFilter.parse(request.params());
            since = since("since", request.getParam("since"));
        } catch (IllegalArgumentException e) {
            badRequest(ctx, e.getMessage());
            return;
        }
        HttpConnection connection = request.connection();
        // The Netty channel, for writing ready-made frames (see WsPushClient); Vert.x's own connection class.
        Channel channel = connection instanceof ConnectionBase base ? base.channel() : null;
        PushSettings s = hub.settings();
        Admission admission = admit(ctx);
        if (admission.refused()) {
            // Upgraded, then closed with the reason: a browser's WebSocket cannot read a refused handshake's body.
            request.toWebSocket().onSuccess(ws -> ws.close(LoopFanout.POLICY, tooMany()));
            return;
        }
        PushSession held = admission.session();
        request.toWebSocket()
                .onSuccess(ws -> {
                    WsPushClient client = new WsPushClient(ws, connection, channel, filter, s.clientQueueBytes(),
                            ctx.vertx(), s.closeGrace());
                    client.session = held;
                    hub.join(client, since);
                })
                .onFailure(e -> {
                    if (held != null) {
                        held.release();
                    }
                    log.debug("WebSocket upgrade failed: {}", e.toString());
                });
    }

    /** A new stream's place: its user's session (null: nobody signs in), or refused (the user holds too many). */
    private record Admission(boolean refused, PushSession session) {
    }

    /** On the event loop, before anything is upgraded or streamed. */
    private Admission admit(RoutingContext ctx) {
        Optional<Principal> who = Principal.find(ctx).filter(p -> p != Principal.UNSECURED);
        if (who.isEmpty()) { // security off, or no guard at all: no user to count against, no token to expire
            return new Admission(false, null);
        }
        Optional<PushSession> session = hub.sessions().open(who.get().user(), Security.tokenExpiry(ctx));
        return new Admission(session.isEmpty(), session.orElse(null));
    }

    private String tooMany() {
        return "too many live streams: at most " + hub.sessions().maxPerUser() + " per user";
    }

    private void events(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        PushFilter filter;
        Optional<String> since;
        try {
            filter = PushFilter.parse(request.params());
            // EventSource reconnects to the same URL (still holding the first since=) with the id it saw last.
            String lastEventId = request.getHeader("Last-Event-ID");
            since = lastEventId != null && !lastEventId.isBlank() ? since("Last-Event-ID", lastEventId)
                    : since("since", request.getParam("since"));
        } catch (IllegalArgumentException e) {
            badRequest(ctx, e.getMessage());
            return;
        }
        Admission admission = admit(ctx);
        if (admission.refused()) {
            ErrorJson.send(ctx.response(), 429, "too_many_streams", tooMany() + "; close one (another tab?)");
            return;
        }
        HttpServerResponse response = ctx.response();
        response.setChunked(true)
                .putHeader("content-type", "text/event-stream; charset=utf-8")
                .putHeader("cache-control", "no-cache")
                .putHeader("x-accel-buffering", "no"); // nginx would otherwise hold events back in its buffer
        response.write(PushMessages.SSE_OPEN);
        SsePushClient client = new SsePushClient(response, filter, hub.settings().clientQueueBytes(),
                String.valueOf(request.remoteAddress()), ctx.vertx(), hub.settings().closeGrace());
        client.session = admission.session();
        hub.join(client, since);
    }

    private static Optional<String> since(String name, String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(EventIds.parse(value.strip()).orElseThrow(() -> new IllegalArgumentException(
                name + " must be an event id (26 characters, as in the eventId of a message)")));
    }

    private static void badRequest(RoutingContext ctx, String message) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("code", "bad_request");
        n.put("message", message);
        ctx.response().setStatusCode(400).putHeader("content-type", "application/json; charset=utf-8")
                .end(n.toString());
    }
}
