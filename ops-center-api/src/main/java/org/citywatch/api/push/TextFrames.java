package org.citywatch.api.push;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.websocket.WebSocketFrameImpl;
import io.vertx.core.internal.buffer.BufferInternal;

/**
 * WebSocket text frames around bytes already encoded. Vert.x's public text frame takes a String and encodes it to
 * UTF-8 at every write, which would be per-client work for each event; this frame wraps a view of the event's
 * shared bytes instead (Vert.x's own frame class; a Vert.x upgrade that changes it fails to compile here, not at
 * run time).
 */
final class TextFrames {

    private TextFrames() {
    }

    /** A final text frame holding {@code utf8}, which must be valid UTF-8 (the JSON of an event is). */
    static WebSocketFrame of(Buffer utf8) {
        // getByteBuf() is a fresh view (own indices) of the shared bytes, which the write cannot release.
        return new WebSocketFrameImpl(WebSocketFrameType.TEXT, ((BufferInternal) utf8).getByteBuf(), true);
    }
}
