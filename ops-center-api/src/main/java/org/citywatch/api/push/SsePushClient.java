package org.citywatch.api.push;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
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
    private final List<Buffer> queued = new ArrayList<>();
    private int queuedBytes;

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

    @Override
    void disconnect(short code, String reason) {
        queued.clear();
        // Resetting (not ending) the response closes the HTTP/1.1 connection at once, with whatever it still
        // queues: a client that does not read would never take a final chunk anyway.
        response.reset();
    }
}
