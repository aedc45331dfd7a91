package org.citywatch.api.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A real WebSocket client of {@code /ws/alerts} (Vert.x, on the test's own Vert.x): every message, as received. */
public final class WsTestClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A message and when it arrived ({@link System#nanoTime()}). */
    public record Received(JsonNode json, long atNanos) {
        public String eventId() {
            return json.path("eventId").asText();
        }

        public String type() {
            return json.path("type").asText();
        }
    }

    public final LinkedBlockingQueue<Received> messages = new LinkedBlockingQueue<>();
    public final CompletableFuture<Short> closed = new CompletableFuture<>();
    private final WebSocketClient client;
    private volatile WebSocket ws;
    private long discarded; // on the client's event loop

    private WsTestClient(WebSocketClient client) {
        this.client = client;
    }

    public static WsTestClient connect(Vertx vertx, int port, String uri) throws Exception {
        return connect(vertx, port, uri, new WebSocketClientOptions());
    }

    public static WsTestClient connect(Vertx vertx, int port, String uri, WebSocketClientOptions options)
            throws Exception {
        return connect(vertx, port, uri, options, true);
    }

    /** A client that counts messages but neither parses nor keeps them (a slow client's backlog costs nothing). */
    static WsTestClient connectDiscarding(Vertx vertx, int port, String uri, WebSocketClientOptions options)
            throws Exception {
        return connect(vertx, port, uri, options, false);
    }

    private static WsTestClient connect(Vertx vertx, int port, String uri, WebSocketClientOptions options,
                                        boolean keep) throws Exception {
        WsTestClient c = new WsTestClient(vertx.createWebSocketClient(options));
        // Handlers are set in the connect callback, on the event loop, before any message can be handled.
        c.client.connect(port, "127.0.0.1", uri).map(ws -> {
            c.ws = ws;
            ws.textMessageHandler(text -> {
                if (!keep) {
                    c.discarded++;
                    return;
                }
                try {
                    c.messages.add(new Received(JSON.readTree(text), System.nanoTime()));
                } catch (Exception e) {
                    throw new IllegalStateException("not JSON: " + text, e);
                }
            });
            ws.closeHandler(v -> c.closed.complete(ws.closeStatusCode()));
            return ws;
        }).await(10, TimeUnit.SECONDS);
        return c;
    }

    /** The next message, failing after {@code timeout}. */
    public Received next(Duration timeout) throws InterruptedException {
        Received r = messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (r == null) {
            throw new AssertionError("no message within " + timeout);
        }
        return r;
    }

    /** Messages up to and including the first that {@code last} accepts. */
    public List<Received> until(Predicate<Received> last, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Received> out = new ArrayList<>();
        while (true) {
            long left = deadline - System.nanoTime();
            Received r = messages.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (r == null) {
                throw new AssertionError("the awaited message did not come within " + timeout + "; got " + out.size()
                        + " message(s), the last ones: " + out.subList(Math.max(0, out.size() - 3), out.size())
                        .stream().map(m -> m.type() + " " + m.eventId()).toList());
            }
            out.add(r);
            if (last.test(r)) {
                return out;
            }
        }
    }

    List<Received> take(int n, Duration timeout) throws InterruptedException {
        int[] count = {0};
        return until(r -> ++count[0] == n, timeout);
    }

    /** Stops reading from the socket (once Vert.x's small inbound buffer is full, TCP pushes back). */
    void pause() {
        ws.pause();
    }

    void resume() {
        ws.resume();
    }

    /** The server's handshake response headers. */
    io.vertx.core.MultiMap handshakeHeaders() {
        return ws.headers();
    }

    public String closeReason() {
        return ws.closeReason();
    }

    @Override
    public void close() {
        WebSocket w = ws;
        if (w != null && !w.isClosed()) {
            w.close();
        }
        client.close();
    }
}
