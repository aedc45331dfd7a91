package org.citywatch.analytics.incident;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.citywatch.analytics.alert.AlertStore;
import org.citywatch.analytics.alert.EvidenceStore;
import org.citywatch.analytics.scene.NormPoint;
import org.citywatch.ingest.camera.Camera;

/** Every camera's {@link IncidentTracker}, sharing one store, one evidence store and one clip maker. */
public final class Incidents {

    private final IncidentSettings settings;
    private final AlertStore store;
    private final EvidenceStore evidence;
    private final ClipMaker clips;
    private final Map<String, IncidentTracker> trackers = new ConcurrentHashMap<>();

    public Incidents(IncidentSettings settings, AlertStore store, EvidenceStore evidence, ClipMaker clips) {
        this.settings = settings;
        this.store = store;
        this.evidence = evidence;
        this.clips = clips;
    }

    public IncidentSettings settings() {
        return settings;
    }

    public AlertStore store() {
        return store;
    }

    public EvidenceStore evidence() {
        return evidence;
    }

    /** The camera's tracker, made on first use; a changed camera record or outline is taken over. */
    public IncidentTracker forCamera(Camera camera, Function<String, List<NormPoint>> outlines) {
        IncidentTracker t = trackers.computeIfAbsent(camera.id(),
                id -> new IncidentTracker(camera, settings, store, evidence, clips, outlines));
        t.reconfigure(camera, outlines);
        return t;
    }

    public Optional<IncidentTracker> get(String cameraId) {
        return Optional.ofNullable(trackers.get(cameraId));
    }

    /** A removed camera: its active alerts end now. */
    public void forget(String cameraId, Instant at) {
        IncidentTracker t = trackers.remove(cameraId);
        if (t != null) {
            for (IncidentTracker.Source s : IncidentTracker.Source.values()) {
                t.endAll(s, at);
            }
        }
    }
}
