package org.citywatch.api.push;

import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import java.time.Instant;
import org.citywatch.analytics.alert.AlertType;
import org.citywatch.analytics.alert.Severity;

/**
 * One event as the hub fans it out: serialised once, whatever the number of clients. {@code sse} is the whole
 * Server-Sent Events frame ({@code id:}, {@code event:}, {@code data:}); {@code wsFrame} the whole WebSocket text
 * frame as it goes on the wire (server frames are not masked, so the bytes are the same for every client), in
 * direct memory so that the socket takes it without a copy; {@code json} a view of that frame's payload. What a
 * filter looks at is kept beside the bytes, so that filtering never parses them.
 *
 * @param seq          the hub's order (1, 2, 3 …): replay and fan-out follow it
 * @param eventId      the sortable id clients resume from (the alert event's own id for alerts)
 * @param alertType    null for a camera event
 * @param severity     null for a camera event
 * @param createdAt    when the event was created (the alert event's time; when the change was seen for a camera)
 * @param heardNanos   {@link System#nanoTime()} when the hub took it (to bound the replay by age)
 */
record PushEvent(long seq, String eventId, Kind kind, String cameraId, String district, AlertType alertType,
                 Severity severity, Instant createdAt, long heardNanos, Buffer sse, ByteBuf wsFrame, Buffer json) {

    enum Kind {
        ALERT("alert"), CAMERA("camera");

        final String sseName;

        Kind(String sseName) {
            this.sseName = sseName;
        }
    }

    PushEvent withSeq(long n) {
        return new PushEvent(n, eventId, kind, cameraId, district, alertType, severity, createdAt, heardNanos, sse,
                wsFrame, json);
    }
}
