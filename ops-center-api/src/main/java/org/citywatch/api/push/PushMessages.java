package org.citywatch.api.push;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.citywatch.analytics.alert.Alert;
import org.citywatch.analytics.alert.AlertEvent;
import org.citywatch.analytics.pipeline.ScheduleView;
import org.citywatch.ingest.camera.Camera;
import org.citywatch.ingest.source.CameraStatus;

/**
 * The bytes of the push: each event's Server-Sent Events frame and WebSocket frame (one UTF-8 encoding), the camera
 * and gap messages, and the SSE keep-alives. Vert.x buffers and the unreleasable WebSocket frame may be written to
 * any number of connections: each write takes its own view of the bytes.
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
        Frames f = frames(e.eventId(), PushEvent.Kind.ALERT.sseName, json);
        return new PushEvent(0, e.eventId(), PushEvent.Kind.ALERT, a.cameraId(), a.district(), a.type(), a.severity(),
                e.at(), nowNanos, f.sse(), f.ws(), f.json());
    }

    /**
     * {"type":"camera","eventId":…,"camera":{"id","name","district","status","online","reason","since",
     * "analysis":{"state","role","fps"}}}: the analysis as {@code /api/cameras} shows it (IDLE, no role, 0 fps for a
     * camera the scheduler has no row for). {@code at} is when the change was seen.
     */
    static PushEvent camera(String eventId, Camera c, CameraStatus status, Optional<String> reason, Instant since,
                            Optional<ScheduleView.Camera> schedule, Instant at, long nowNanos) {
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
        ObjectNode a = cn.putObject("analysis");
        a.put("state", schedule.map(s -> s.state().name()).orElse("IDLE"));
        a.put("role", schedule.flatMap(ScheduleView.Camera::role).map(Enum::name).orElse(null));
        a.put("fps", Math.round(schedule.map(ScheduleView.Camera::fps).orElse(0.0) * 100) / 100.0);
        Frames f = frames(eventId, PushEvent.Kind.CAMERA.sseName, n.toString());
        return new PushEvent(0, eventId, PushEvent.Kind.CAMERA, c.id(), c.district(), null, null, at, nowNanos,
                f.sse(), f.ws(), f.json());
    }

    /**
     * {"type":"gap","eventId":…,"message":"events before … are gone; reload /api/alerts"}.
     * {@code eventId} is where the client may resume from afterwards (the newest event held when it was sent).
     */
    static Frames gap(String eventId, Instant goneBefore) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("type", "gap");
        n.put("eventId", eventId);
        n.put("message", "events before " + goneBefore + " are gone; reload /api/alerts");
        return frames(eventId, "gap", n.toString());
    }

    /** One message's bytes: the SSE frame, the WebSocket frame, and the JSON (a view of the WebSocket frame's). */
    record Frames(Buffer sse, ByteBuf ws, Buffer json) {
    }

    /**
     * {@code id: ID\nevent: NAME\ndata: JSON\n\n}, and a final unmasked WebSocket text frame of the JSON. JSON as
     * Jackson writes it holds no line break (control characters are escaped), so one {@code data:} line carries it.
     */
    static Frames frames(String id, String event, String json) {
        byte[] head = ("id: " + id + "\nevent: " + event + "\ndata: ").getBytes(StandardCharsets.UTF_8);
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + body.length + 2];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        all[all.length - 2] = '\n';
        all[all.length - 1] = '\n';
        // RFC 6455 5.2: FIN + text opcode, then the length in 7 bits, or 126 + 16 bits, or 127 + 64 bits.
        int header = body.length < 126 ? 2 : body.length < 65_536 ? 4 : 10;
        ByteBuffer frame = ByteBuffer.allocateDirect(header + body.length);
        frame.put((byte) 0x81);
        if (header == 2) {
            frame.put((byte) body.length);
        } else if (header == 4) {
            frame.put((byte) 126).putShort((short) body.length);
        } else {
            frame.put((byte) 127).putLong(body.length);
        }
        frame.put(body).flip();
        // Unreleasable: the ring and every write share it; direct memory goes with the buffer, when unreachable.
        ByteBuf ws = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(frame));
        return new Frames(Buffer.buffer(all), ws, BufferInternal.buffer(ws.slice(header, body.length)));
    }
}
