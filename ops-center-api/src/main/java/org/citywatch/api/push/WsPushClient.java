package org.citywatch.api.push;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.ServerWebSocket;
import java.time.Duration;

/** A WebSocket client of {@code /ws/alerts}. Anything it sends is ignored: it only listens. */
final class WsPushClient extends PushClient {

    private static final Buffer EMPTY = Buffer.buffer();

    private final ServerWebSocket ws;
    private final HttpConnection connection;
    private final Vertx vertx;
    private final Duration closeGrace;

    WsPushClient(ServerWebSocket ws, HttpConnection connection, PushFilter filter, int queueBytes, Vertx vertx,
                 Duration closeGrace) {
        super(filter, Transport.WS, String.valueOf(ws.remoteAddress()));
        this.ws = ws;
        this.connection = connection;
        this.vertx = vertx;
        this.closeGrace = closeGrace;
        ws.setWriteQueueMaxSize(queueBytes);
        ws.handler(b -> { });
    }

    @Override
    boolean full() {
        return ws.writeQueueFull();
    }

    @Override
    void write(PushEvent e) {
        ws.writeFrame(TextFrames.of(e.json()));
    }

    @Override
    void writeGap(Buffer[] gap) {
        ws.writeFrame(TextFrames.of(gap[1]));
    }

    @Override
    void heartbeat() {
        ws.writePing(EMPTY);
    }

    @Override
    void onDrain(Handler<Void> handler) {
        ws.drainHandler(handler);
    }

    @Override
    void onClose(Handler<Void> handler) {
        ws.closeHandler(handler);
        ws.exceptionHandler(e -> ws.close());
    }

    @Override
    void disconnect(short code, String reason) {
        ws.close(code, reason);
        // A client that does not read never takes the close frame queued behind its backlog, and would keep the
        // connection (and the backlog) forever: cut it after a grace period.
        vertx.setTimer(Math.max(1, closeGrace.toMillis()), t -> connection.close());
    }
}
