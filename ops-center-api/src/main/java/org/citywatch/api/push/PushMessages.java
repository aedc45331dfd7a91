package org.citywatch.api.push;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.citywatch.analytics.alert.Alert;
import org.citywatch.analytics.alert.AlertEvent;
import org.citywatch.ingest.camera.Camera;
import org.citywatch.ingest.source.CameraStatus;

/**
 * The bytes of the push: each event's Server-Sent Events frame, whose {@code data:} payload is also the WebSocket
 * text message (one allocation, one UTF-8 encoding), the camera and gap messages, and the SSE keep-alives.
 * Vert.x buffers may be written to any number of connections: each write takes its own view of the bytes.
 */
final class PushMessages {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** First bytes of every SSE stream: how long EventSource waits before it reconnects. */
    static final Buffer SSE_OPEN = Buffer.buffer("retry: 3000\n\n");
    /** An SSE comment: ignored by EventSource, but it keeps proxies from closing an idle stream. */
    static final Buffer SSE_HEARTBEAT = Buffer.buffer(": keep-alive\n\n");

    private PushMessages() {
    }

    /** An alert event, its JSON made by {@code json} (the caller's, so that it is the API's alert view). */
    static PushEvent alert(AlertEvent e, String json, long nowNanos) {
        Alert a = e.alert();
        Buffer[] bytes = frame(e.eventId(), PushEvent.Kind.ALERT.sseName, json);
        return new PushEvent(0, e.eventId(), PushEvent.Kind.ALERT, a.cameraId(), a.district(), a.type(), a.severity(),
                e.at(), nowNanos, bytes[0], bytes[1]);
    }

    /** {"type":"camera","eventId":…,"camera":{"id","name","district","status","online","reason","since"}}. */
    static PushEvent camera(String eventId, Camera c, CameraStatus status, Optional<String> reason, Instant since,
                            long nowNanos) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("type", "camera");
        n.put("eventId", eventId);
        ObjectNode cn = n.putObject("camera");
        cn.put("id", c.id());
        cn.put("name", c.name());
        cn.put("district", c.district());
        cn.put("status", status.name());
        cn.put("online", status.online());
        cn.put("reason", reason.orElse(null));
        cn.put("since", since.toString());
        Buffer[] bytes = frame(eventId, PushEvent.Kind.CAMERA.sseName, n.toString());
        return new PushEvent(0, eventId, PushEvent.Kind.CAMERA, c.id(), c.district(), null, null, since, nowNanos,
                bytes[0], bytes[1]);
    }

    /**
     * {"type":"gap","eventId":…,"message":"events before … are gone; reload /api/alerts"}, as {SSE frame, JSON}.
     * {@code eventId} is where the client may resume from afterwards (the newest event held when it was sent).
     */
    static Buffer[] gap(String eventId, Instant goneBefore) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("type", "gap");
        n.put("eventId", eventId);
        n.put("message", "events before " + goneBefore + " are gone; reload /api/alerts");
        return frame(eventId, "gap", n.toString());
    }

    /**
     * {@code id: ID\nevent: NAME\ndata: JSON\n\n} in one buffer, and the JSON as a slice of it. JSON as Jackson
     * writes it holds no line break (control characters are escaped), so one {@code data:} line carries it.
     */
    private static Buffer[] frame(String id, String event, String json) {
        byte[] head = ("id: " + id + "\nevent: " + event + "\ndata: ").getBytes(StandardCharsets.UTF_8);
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + body.length + 2];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        all[all.length - 2] = '\n';
        all[all.length - 1] = '\n';
        Buffer sse = Buffer.buffer(all);
        return new Buffer[] {sse, sse.slice(head.length, head.length + body.length)};
    }
}
