package org.citywatch.api.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.citywatch.analytics.alert.Alert;
import org.citywatch.analytics.alert.AlertEvent;
import org.citywatch.analytics.alert.AlertObject;
import org.citywatch.analytics.alert.AuditEntry;
import org.citywatch.analytics.alert.Evidence;
import org.citywatch.analytics.pipeline.CameraAnalysisStats;
import org.citywatch.analytics.pipeline.PipelineFigures;
import org.citywatch.analytics.pipeline.ScheduleView;
import org.citywatch.analytics.scene.CountLine;
import org.citywatch.analytics.scene.NormPoint;
import org.citywatch.analytics.scene.Scene;
import org.citywatch.analytics.scene.Zone;
import org.citywatch.ingest.camera.Camera;
import org.citywatch.ingest.source.CameraHealth;

/**
 * The JSON the API shows. Written field by field on purpose: nothing reaches a client unless it is
 * listed here, so a camera's URL (which may hold credentials) never does.
 */
public final class JsonViews {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonViews() {
    }

    static ObjectNode camera(Camera c, CameraHealth h, Optional<CameraAnalysisStats> analysis,
                             Optional<ScheduleView.Camera> schedule) {
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
        a.put("state", schedule.map(s -> s.state().name()).orElse("IDLE"));
        a.put("role", schedule.flatMap(ScheduleView.Camera::role).map(Enum::name).orElse(null));
        a.put("fps", round2(schedule.map(ScheduleView.Camera::fps).orElse(0.0)));
        a.put("measuredFps", round2(schedule.map(ScheduleView.Camera::measuredFps).orElse(0.0)));
        a.put("reason", schedule.map(ScheduleView.Camera::reason).orElse(null));
        a.put("analysedFrames", analysis.map(CameraAnalysisStats::analysedFrames).orElse(0L));
        a.put("detectedFrames", analysis.map(CameraAnalysisStats::detectedFrames).orElse(0L));
        a.put("skippedNoMotion", analysis.map(CameraAnalysisStats::skippedNoMotion).orElse(0L));
        a.put("droppedFrames", analysis.map(CameraAnalysisStats::droppedFrames).orElse(0L));
        a.put("failedFrames", analysis.map(CameraAnalysisStats::failedFrames).orElse(0L));
        a.put("tracksCreated", analysis.map(CameraAnalysisStats::tracksCreated).orElse(0L));
        a.put("lastAnalysedAt", analysis.flatMap(CameraAnalysisStats::lastAnalysedAt).map(Object::toString).orElse(null));
        a.put("lastObjectCount", analysis.map(CameraAnalysisStats::lastObjectCount).orElse(0));
        return n;
    }

    /** {@code /api/analytics}: the scheduler's plan, one row per camera, and the node's analysis figures. */
    static ObjectNode analytics(ScheduleView v, PipelineFigures f) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("maxConcurrentStreams", v.maxConcurrentStreams());
        n.put("targetFps", v.targetFps());
        n.put("fps", round2(v.fps()));
        n.put("overloaded", v.overloaded());
        n.put("capacityFps", Double.isNaN(v.capacityFps()) ? null : round2(v.capacityFps()));
        n.put("analysedStreams", v.analysedStreams());
        // The figure an operator asks for: how stale can a camera's analysis get. null: never (no free slot).
        n.put("patrolCycleSeconds", v.patrolCycle().map(d -> (Long) d.toSeconds()).orElse(null));
        n.put("patrolCameras", v.patrolCameras());
        n.put("patrolSlots", v.patrolSlots());
        ObjectNode figures = n.putObject("figures");
        figures.put("analysedFrames", f.analysedFrames());
        figures.put("detectedFrames", f.detectedFrames());
        figures.put("skippedNoMotion", f.skippedNoMotion());
        figures.put("droppedFrames", f.droppedFrames());
        figures.put("failedFrames", f.failedFrames());
        figures.put("latencyP50Ms", Double.isNaN(f.latencyP50Ms()) ? null : round2(f.latencyP50Ms()));
        figures.put("latencyP99Ms", Double.isNaN(f.latencyP99Ms()) ? null : round2(f.latencyP99Ms()));
        ArrayNode cameras = n.putArray("cameras");
        for (ScheduleView.Camera c : v.cameras()) {
            ObjectNode cn = cameras.addObject();
            cn.put("id", c.id());
            cn.put("state", c.state().name());
            cn.put("role", c.role().map(Enum::name).orElse(null));
            cn.put("fps", round2(c.fps()));
            cn.put("measuredFps", round2(c.measuredFps()));
            cn.put("lastAnalysedAt", c.lastAnalysedAt().map(Object::toString).orElse(null));
            cn.put("reason", c.reason());
        }
        return n;
    }

    /** A camera's scene for drawing: zones (polygon, kind, road direction) and counting lines, normalised 0..1. */
    static ObjectNode scene(Scene scene) {
        ObjectNode n = MAPPER.createObjectNode();
        ArrayNode zones = n.putArray("zones");
        for (Zone z : scene.zones().values()) {
            ObjectNode zn = zones.addObject();
            zn.put("id", z.id());
            zn.put("kind", z.kind().configName());
            zn.set("polygon", points(z.polygon()));
            z.direction().ifPresent(d -> zn.set("direction", points(List.of(d.from(), d.to()))));
        }
        ArrayNode lines = n.putArray("lines");
        for (CountLine l : scene.lines().values()) {
            ObjectNode ln = lines.addObject();
            ln.put("id", l.id());
            ln.set("from", points(List.of(l.from())).get(0));
            ln.set("to", points(List.of(l.to())).get(0));
            ln.put("forward", l.forward());
            ln.put("backward", l.backward());
        }
        return n;
    }

    private static ArrayNode points(List<NormPoint> points) {
        ArrayNode a = MAPPER.createArrayNode();
        for (NormPoint p : points) {
            a.addArray().add(p.x()).add(p.y());
        }
        return a;
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /** The JSON of {@code GET /api/alerts/{id}}. */
    public static ObjectNode alert(Alert alert) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("id", alert.id());
        n.put("version", alert.version());
        n.put("cameraId", alert.cameraId());
        n.put("cameraName", alert.cameraName());
        n.put("district", alert.district());
        n.put("type", alert.type().name());
        n.put("severity", alert.severity().name());
        n.put("zone", alert.zoneId());
        n.put("state", alert.state().name());
        n.put("active", alert.active());
        n.put("message", alert.message());
        n.put("startedAt", alert.startedAt().toString());
        n.put("raisedAt", alert.raisedAt().toString());
        n.put("updatedAt", alert.updatedAt().toString());
        if (alert.endedAt() != null) {
            n.put("endedAt", alert.endedAt().toString());
        } else {
            n.putNull("endedAt");
        }
        n.put("objectCount", alert.objectCount());
        ArrayNode objects = n.putArray("objects");
        for (AlertObject o : alert.objects()) {
            ObjectNode on = objects.addObject();
            on.put("trackId", o.trackId());
            on.put("label", o.label());
            on.put("score", Math.round(o.score() * 1000) / 1000.0);
            ArrayNode box = on.putArray("box");
            box.add(Math.round(o.x1())).add(Math.round(o.y1())).add(Math.round(o.x2())).add(Math.round(o.y2()));
        }
        ObjectNode counts = n.putObject("counts");
        alert.counts().forEach((k, v) -> counts.putPOJO(k, v));
        n.put("frameWidth", alert.frameWidth());
        n.put("frameHeight", alert.frameHeight());
        Evidence ev = alert.evidence();
        if (ev.snapshot()) {
            n.put("snapshotUrl", "/api/alerts/" + alert.id() + "/snapshot.jpg");
        }
        n.put("clip", ev.clip().name());
        if (ev.clip() == Evidence.ClipState.READY) {
            n.put("clipUrl", "/api/alerts/" + alert.id() + "/clip.mp4");
        }
        if (!ev.clipNote().isEmpty()) {
            n.put("clipNote", ev.clipNote());
        }
        ArrayNode audit = n.putArray("audit");
        for (AuditEntry e : alert.audit()) {
            ObjectNode an = audit.addObject();
            an.put("at", e.at().toString());
            an.put("user", e.who());
            an.put("from", e.from().name());
            an.put("to", e.to().name());
            an.put("why", e.why());
            if (!e.unit().isEmpty()) {
                an.put("unit", e.unit());
            }
            if (!e.note().isEmpty()) {
                an.put("note", e.note());
            }
        }
        return n;
    }

    /** A live-push message: {"type":"alert","event":"RAISED","eventId":…,"alert":{...}}. */
    public static String alertEvent(AlertEvent event) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("type", "alert");
        n.put("event", event.kind().name());
        n.put("eventId", event.eventId());
        n.set("alert", alert(event.alert()));
        return n.toString();
    }

    static String error(String code, String message) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("code", code);
        n.put("message", message);
        return n.toString();
    }
}
