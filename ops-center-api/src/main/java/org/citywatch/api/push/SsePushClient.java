package org.citywatch.api.push;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A Server-Sent Events client of {@code /api/events}: a response that never ends on its own. The events of one
 * fan-out go out as one chunk (a copy of their frames' bytes, never a new serialisation). A client that is
 * disconnected has its stream reset (there is no close reason in SSE); EventSource then reconnects by itself with
 * {@code Last-Event-ID} and resumes from the replay.
 */
final class SsePushClient extends PushClient {

    private final HttpServerResponse response;
    private final Vertx vertx;
    private final Duration closeGrace;
    private final List<Buffer> queued = new ArrayList<>();
    private int queuedBytes;

    SsePushClient(HttpServerResponse response, PushFilter filter, int queueBytes, String remote, Vertx vertx,
                  Duration closeGrace) {
        super(filter, Transport.SSE, remote);
        this.response = response;
        this.vertx = vertx;
        this.closeGrace = closeGrace;
        response.setWriteQueueMaxSize(queueBytes);
    }

    @Override
    boolean full() {
        return response.writeQueueFull();
    }

    @Override
    void write(PushEvent e) {
        queued.add(e.sse());
        queuedBytes += e.sse().length();
    }

    @Override
    void flush() {
        if (queued.size() == 1) {
            response.write(queued.getFirst());
        } else if (queued.size() > 1) {
            Buffer chunk = Buffer.buffer(queuedBytes);
            queued.forEach(chunk::appendBuffer);
            response.write(chunk);
        }
        queued.clear();
        queuedBytes = 0;
    }

    @Override
    void writeGap(PushMessages.Frames gap) {
        flush();
        response.write(gap.sse());
    }

    @Override
    void heartbeat() {
        flush();
        response.write(PushMessages.SSE_HEARTBEAT);
    }

    @Override
    void onDrain(Handler<Void> handler) {
        response.drainHandler(handler);
    }

    @Override
    void onClose(Handler<Void> handler) {
        response.closeHandler(handler);
        response.exceptionHandler(e -> response.reset());
    }

    /**
     * Ends the response: EventSource sees the stream end and reconnects by itself, and a token that expired is then
     * refused (401). A comment says why, for whoever reads the stream by hand. A client that does not read would
     * never take the end: its stream is reset after the grace period.
     */
    @Override
    void end(short code, String reason) {
        flush();
        Future<Void> ended = response.end(Buffer.buffer(": closed: " + reason + "\n\n"));
        vertx.setTimer(Math.max(1, closeGrace.toMillis()), t -> {
            if (!ended.isComplete()) {
                response.reset();
            }
        });
    }

    @Override
    void disconnect(short code, String reason) {
        queued.clear();
        // Resetting (not ending) the response closes the HTTP/1.1 connection at once, with whatever it still
        // queues: a client that does not read would never take a final chunk anyway.
        response.reset();
    }
}
