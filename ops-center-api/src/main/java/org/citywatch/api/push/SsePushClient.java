package org.citywatch.api.push;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * A Server-Sent Events client of {@code /api/events}: a response that never ends on its own. A client that is
 * disconnected has its stream reset (there is no close reason in SSE); EventSource then reconnects by itself with
 * {@code Last-Event-ID} and resumes from the replay.
 */
final class SsePushClient extends PushClient {

    private final HttpServerResponse response;

    SsePushClient(HttpServerResponse response, PushFilter filter, int queueBytes, String remote) {
        super(filter, Transport.SSE, remote);
        this.response = response;
        response.setWriteQueueMaxSize(queueBytes);
    }

    @Override
    boolean full() {
        return response.writeQueueFull();
    }

    @Override
    void write(PushEvent e) {
        response.write(e.sse());
    }

    @Override
    void writeGap(Buffer[] gap) {
        response.write(gap[0]);
    }

    @Override
    void heartbeat() {
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

    @Override
    void disconnect(short code, String reason) {
        // Resetting (not ending) the response closes the HTTP/1.1 connection at once, with whatever it still
        // queues: a client that does not read would never take a final chunk anyway.
        response.reset();
    }
}
