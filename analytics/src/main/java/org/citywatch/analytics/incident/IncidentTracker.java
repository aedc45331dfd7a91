package org.citywatch.analytics.incident;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.citywatch.analytics.alert.Alert;
import org.citywatch.analytics.alert.AlertEvent;
import org.citywatch.analytics.alert.AlertIds;
import org.citywatch.analytics.alert.AlertObject;
import org.citywatch.analytics.alert.AlertState;
import org.citywatch.analytics.alert.AlertStore;
import org.citywatch.analytics.alert.AlertType;
import org.citywatch.analytics.alert.AlertWriter;
import org.citywatch.analytics.alert.AuditEntry;
import org.citywatch.analytics.alert.Evidence;
import org.citywatch.analytics.alert.EvidenceStore;
import org.citywatch.analytics.rules.Finding;
import org.citywatch.analytics.rules.SceneFrame;
import org.citywatch.analytics.scene.NormPoint;
import org.citywatch.analytics.snapshot.SnapshotRenderer;
import org.citywatch.analytics.track.TrackSnapshot;
import org.citywatch.ingest.camera.Camera;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one camera's findings into alerts: the first finding of a (type, zone) raises an alert with its evidence,
 * later ones update it (at most every {@code updateInterval}), the first update of its source without it ends it.
 * After an end, the same (type, zone) re-opens that alert for a cool-down instead of raising a new one, unless an
 * operator marked it a false alarm (then it stays quiet for the cool-down).
 *
 * <p>Findings come from three sources that end only their own incidents: the analysed frames (the rules), the
 * view checks (tamper) and the camera's health (offline). Thread-safe: frames arrive on analysis workers, health on a timer.
 */
public final class IncidentTracker {

    private static final Logger log = LoggerFactory.getLogger(IncidentTracker.class);
    private static final String SYSTEM = "system";

    /**
     * Where findings come from; each source's update ends only that source's incidents. FRAMES: the rules on
     * analysed frames; VIEW: the view rules (tamper) on whatever frame the camera shows; HEALTH: ingest's health.
     */
    public enum Source { FRAMES, VIEW, HEALTH }

    private record Open(Alert alert, Source source, Instant lastPublished, Map<String, Number> lastCounts,
                        String lastMessage) {
    }

    private record Ended(Alert alert, Instant endedAt) {
    }

    private final IncidentSettings settings;
    private final AlertStore store;
    private final EvidenceStore evidence;
    private final ClipMaker clips;
    private volatile Camera camera;
    private volatile Function<String, List<NormPoint>> outlines;
    private final Map<String, Open> open = new HashMap<>();
    private final Map<String, Ended> ended = new HashMap<>();
    private Instant healthSince;

    /**
     * @param outlines the outline of a zone (its polygon) or line (its two ends) by id, to draw on the snapshot;
     *                 an empty list when there is none
     */
    public IncidentTracker(Camera camera, IncidentSettings settings, AlertStore store, EvidenceStore evidence,
                           ClipMaker clips, Function<String, List<NormPoint>> outlines) {
        this.camera = camera;
        this.settings = settings;
        this.store = store;
        this.evidence = evidence;
        this.clips = clips;
        this.outlines = outlines;
    }

    /** The camera's name or scene changed. */
    public void reconfigure(Camera c, Function<String, List<NormPoint>> newOutlines) {
        this.camera = c;
        this.outlines = newOutlines;
    }

    /** One analysed frame and what its rules found. */
    public synchronized void frame(SceneFrame frame, List<Finding> findings) {
        update(Source.FRAMES, frame.at(), frame, findings);
    }

    /** One look of the view rules (camera tamper) and what they found. */
    public synchronized void view(SceneFrame frame, List<Finding> findings) {
        update(Source.VIEW, frame.at(), frame, findings);
    }

    /** The camera's health: {@code findings} is empty while it is fine; {@code since} is when its state began. */
    public synchronized void health(Instant at, List<Finding> findings, Instant since) {
        healthSince = since;
        update(Source.HEALTH, at, null, findings);
    }

    /** Ends every incident of a source (the camera stopped delivering frames, or was removed). */
    public synchronized void endAll(Source source, Instant at) {
        update(source, at, null, List.of());
    }

    /** True while some alert of this camera from {@code source} is active (frames: the scheduler keeps it analysed). */
    public synchronized boolean hasOpen(Source source) {
        return open.values().stream().anyMatch(o -> o.source() == source);
    }

    /** The active alerts, as this tracker last published them. */
    public synchronized List<Alert> openAlerts() {
        return open.values().stream().map(Open::alert).toList();
    }

    private void update(Source source, Instant at, SceneFrame frame, List<Finding> findings) {
        ended.values().removeIf(e -> Duration.between(e.endedAt(), at).compareTo(settings.cooldown()) >= 0);
        Set<String> seen = new HashSet<>();
        for (Finding f : findings) {
            String key = f.type() + "|" + f.zoneId();
            if (!seen.add(key)) {
                continue; // one incident per type and zone: the first finding speaks for it
            }
            try {
                holds(key, source, at, frame, f);
            } catch (RuntimeException e) {
                log.error("Camera {}: alert {} could not be published ({}); it is tried again on the next frame",
                        camera.id(), key, e.getMessage(), e);
            }
        }
        for (Iterator<Map.Entry<String, Open>> it = open.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Open> e = it.next();
            if (e.getValue().source() == source && !seen.contains(e.getKey())) {
                try {
                    Alert done = AlertWriter.apply(store, e.getValue().alert(), AlertEvent.Kind.ENDED, at,
                            a -> endOf(a, at));
                    ended.put(e.getKey(), new Ended(done, at));
                    it.remove();
                    log.info("Alert {} {} on camera {} ended", done.id(), done.type(), done.cameraId());
                } catch (RuntimeException ex) {
                    log.error("Camera {}: the end of alert {} could not be published ({}); tried again later",
                            camera.id(), e.getValue().alert().id(), ex.getMessage());
                }
            }
        }
    }

    /** The end of an alert; a camera back online also resolves its offline alert if nobody acted on it. */
    private static Alert endOf(Alert a, Instant at) {
        Alert done = a.ended(at);
        if (a.type() == AlertType.CAMERA_OFFLINE && a.state() == AlertState.NEW) {
            done = done.transitioned(new AuditEntry(at, SYSTEM, AlertState.NEW, AlertState.RESOLVED,
                    "the stream is back", "", ""));
        }
        return done;
    }

    private void holds(String key, Source source, Instant at, SceneFrame frame, Finding f) {
        Open current = open.get(key);
        List<AlertObject> objects = objects(frame, f);
        if (current != null) {
            boolean changed = !f.counts().equals(current.lastCounts()) || !f.message().equals(current.lastMessage());
            Duration since = Duration.between(current.lastPublished(), at);
            if (since.compareTo(changed ? settings.updateInterval() : settings.heartbeat()) >= 0) {
                Alert next = AlertWriter.apply(store, current.alert(), AlertEvent.Kind.UPDATED, at,
                        a -> a.updated(at, f.message(), objects, f.counts()));
                open.put(key, new Open(next, source, at, f.counts(), f.message()));
            }
            return;
        }
        Ended recent = ended.get(key);
        if (recent != null) {
            Alert latest = store.get(recent.alert().id()).orElse(recent.alert());
            if (latest.state() == AlertState.FALSE_ALARM) {
                return; // an operator said so: quiet until the cool-down has passed
            }
            Alert next = AlertWriter.apply(store, latest, AlertEvent.Kind.UPDATED, at,
                    a -> a.updated(at, f.message(), objects, f.counts()));
            ended.remove(key);
            open.put(key, new Open(next, source, at, f.counts(), f.message()));
            log.info("Alert {} {} on camera {} holds again: {}", next.id(), next.type(), next.cameraId(), f.message());
            return;
        }
        open.put(key, new Open(raise(at, frame, f, objects), source, at, f.counts(), f.message()));
    }

    private Alert raise(Instant at, SceneFrame frame, Finding f, List<AlertObject> objects) {
        Camera c = camera;
        Instant startedAt = frame != null ? at.minusNanos(Math.max(0, frame.nanos() - f.sinceNanos()))
                : healthSince != null && healthSince.isBefore(at) ? healthSince : at;
        String id = AlertIds.next(at.toEpochMilli());
        int w = frame == null ? 0 : frame.width();
        int h = frame == null ? 0 : frame.height();
        Alert alert = Alert.raised(id, c.id(), c.name(), c.district(), f.type(), f.severity(), f.zoneId(), f.message(),
                startedAt, at, objects, f.counts(), w, h);
        Evidence ev = Evidence.NONE.withSnapshot(snapshot(id, frame, f));
        CompletableFuture<Path> clip = null;
        if (f.type() != AlertType.CAMERA_OFFLINE) {
            clip = startClip(id, c.id());
            if (clip.isCompletedExceptionally()) {
                ev = ev.withClip(Evidence.ClipState.NONE, reason(clip));
                clip = null;
            } else {
                ev = ev.withClip(Evidence.ClipState.RECORDING, "");
            }
        } else {
            ev = ev.withClip(Evidence.ClipState.NONE, "the camera is offline");
        }
        alert = new Alert(alert.id(), 1, alert.cameraId(), alert.cameraName(), alert.district(), alert.type(),
                alert.severity(), alert.zoneId(), alert.message(), alert.startedAt(), alert.raisedAt(),
                alert.updatedAt(), null, alert.state(), alert.objects(), alert.counts(), w, h, ev, List.of());
        store.publish(AlertEvent.of(AlertEvent.Kind.RAISED, alert, at));
        log.info("Alert {} {} {} on camera {}{}: {}", id, alert.severity(), alert.type(), c.id(),
                f.zoneId().isEmpty() ? "" : " zone " + f.zoneId(), f.message());
        if (clip != null) {
            Alert raised = alert;
            clip.whenComplete((path, error) -> clipDone(raised, path, error));
        }
        return alert;
    }

    private boolean snapshot(String id, SceneFrame frame, Finding f) {
        if (frame == null || frame.image() == null) {
            return false;
        }
        List<TrackSnapshot> involved = frame.tracks().stream().filter(t -> f.trackIds().contains(t.id())).toList();
        try {
            byte[] jpeg = SnapshotRenderer.renderIncident(frame.image(), involved, outlines.apply(f.zoneId()));
            evidence.put(id, EvidenceStore.Kind.SNAPSHOT, jpeg);
            return true;
        } catch (IOException | RuntimeException e) {
            log.warn("Camera {}: the snapshot of alert {} could not be stored ({})", camera.id(), id, e.getMessage());
            return false;
        }
    }

    private CompletableFuture<Path> startClip(String alertId, String cameraId) {
        try {
            return clips.record(cameraId, evidence.newTempFile(alertId, EvidenceStore.Kind.CLIP));
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void clipDone(Alert raised, Path file, Throwable error) {
        Instant at = Instant.now();
        Evidence.ClipState state = Evidence.ClipState.READY;
        String note = "";
        if (error == null) {
            try {
                evidence.putFile(raised.id(), EvidenceStore.Kind.CLIP, file);
            } catch (IOException e) {
                state = Evidence.ClipState.FAILED;
                note = "could not be stored: " + e.getMessage();
            }
        } else {
            state = Evidence.ClipState.FAILED;
            note = reason(CompletableFuture.failedFuture(error));
        }
        Evidence.ClipState s = state;
        String n = note;
        try {
            Alert latest = store.get(raised.id()).orElse(raised);
            Alert next = AlertWriter.apply(store, latest, AlertEvent.Kind.EVIDENCE, at,
                    a -> a.withEvidence(a.evidence().withClip(s, n), at));
            synchronized (this) {
                open.replaceAll((k, o) -> o.alert().id().equals(next.id()) && o.alert().version() < next.version()
                        ? new Open(next, o.source(), o.lastPublished(), o.lastCounts(), o.lastMessage()) : o);
            }
        } catch (RuntimeException e) {
            log.warn("Camera {}: the clip state of alert {} could not be published ({})", camera.id(), raised.id(),
                    e.getMessage());
        }
    }

    private static String reason(CompletableFuture<?> failed) {
        try {
            failed.join();
            return "";
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return String.valueOf(cause.getMessage());
        }
    }

    private static List<AlertObject> objects(SceneFrame frame, Finding f) {
        if (frame == null || f.trackIds().isEmpty()) {
            return List.of();
        }
        List<AlertObject> out = new ArrayList<>(f.trackIds().size());
        for (TrackSnapshot t : frame.tracks()) {
            if (f.trackIds().contains(t.id())) {
                out.add(new AlertObject(t.id(), t.label(), t.score(), t.box().x1(), t.box().y1(), t.box().x2(),
                        t.box().y2()));
            }
        }
        return out;
    }
}
