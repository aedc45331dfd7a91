package org.citywatch.api.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Optional;
import org.citywatch.analytics.alert.Alert;
import org.citywatch.analytics.alert.AlertObject;
import org.citywatch.analytics.pipeline.CameraAnalysisStats;
import org.citywatch.ingest.camera.Camera;
import org.citywatch.ingest.source.CameraHealth;

/**
 * The JSON the API shows. Written field by field on purpose: nothing reaches a client unless it is
 * listed here, so a camera's URL (which may hold credentials) never does.
 */
final class JsonViews {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonViews() {
    }

    static ObjectNode camera(Camera c, CameraHealth h, Optional<CameraAnalysisStats> analysis) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("id", c.id());
        n.put("name", c.name());
        n.put("kind", c.kind().name().toLowerCase(Locale.ROOT));
        n.put("district", c.district());
        n.put("ward", c.ward());
        ArrayNode tags = n.putArray("tags");
        c.tags().forEach(tags::add);
        n.put("latitude", c.latitude());
        n.put("longitude", c.longitude());
        n.put("status", h.status().name());
        n.put("online", h.status().online());
        n.put("reason", h.reason().orElse(null));
        n.put("since", h.since().toString());
        n.put("fps", Math.round(h.fps() * 10) / 10.0);
        n.put("framesReceived", h.framesReceived());
        n.put("reconnects", h.reconnects());
        n.put("lastFrameAt", h.lastFrameAt().map(Object::toString).orElse(null));
        n.put("bitrateKbps", Math.round(h.bitrateKbps()));
        n.put("packetsLost", h.packetsLost());
        n.put("keyframeIntervalSeconds", h.keyframeInterval().map(d -> d.toMillis() / 1000.0).orElse(null));
        n.put("lastKeyframeAt", h.lastKeyframeAt().map(Object::toString).orElse(null));
        n.put("latestImage", "/api/cameras/" + c.id() + "/latest.jpg");
        ObjectNode a = n.putObject("analysis");
        a.put("analysedFrames", analysis.map(CameraAnalysisStats::analysedFrames).orElse(0L));
        a.put("droppedFrames", analysis.map(CameraAnalysisStats::droppedFrames).orElse(0L));
        a.put("lastAnalysedAt", analysis.flatMap(CameraAnalysisStats::lastAnalysedAt).map(Object::toString).orElse(null));
        a.put("lastObjectCount", analysis.map(CameraAnalysisStats::lastObjectCount).orElse(0));
        return n;
    }

    static ObjectNode alert(Alert alert) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("id", alert.id());
        n.put("cameraId", alert.cameraId());
        n.put("cameraName", alert.cameraName());
        n.put("type", alert.type().name());
        n.put("severity", alert.severity().name());
        n.put("startedAt", alert.startedAt().toString());
        n.put("raisedAt", alert.raisedAt().toString());
        n.put("message", alert.message());
        n.put("objectCount", alert.objectCount());
        ArrayNode objects = n.putArray("objects");
        for (AlertObject o : alert.objects()) {
            ObjectNode on = objects.addObject();
            on.put("label", o.label());
            on.put("score", Math.round(o.score() * 1000) / 1000.0);
            ArrayNode box = on.putArray("box");
            box.add(Math.round(o.x1())).add(Math.round(o.y1())).add(Math.round(o.x2())).add(Math.round(o.y2()));
        }
        n.put("frameWidth", alert.frameWidth());
        n.put("frameHeight", alert.frameHeight());
        n.put("snapshotUrl", "/api/alerts/" + alert.id() + "/snapshot.jpg");
        return n;
    }

    /** A live-push message: {"type":"alert","alert":{...}}. */
    static String alertEvent(Alert alert) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("type", "alert");
        n.set("alert", alert(alert));
        return n.toString();
    }

    static String error(String code, String message) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("code", code);
        n.put("message", message);
        return n.toString();
    }
}
