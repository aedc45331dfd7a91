package org.citywatch.analytics.incident;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.citywatch.analytics.alert.AlertType;
import org.citywatch.analytics.rules.Finding;
import org.citywatch.ingest.camera.Camera;
import org.citywatch.ingest.source.CameraHealth;

/**
 * Camera offline, from ingest's health: a camera that has not been streaming for the grace period raises
 * CAMERA_OFFLINE (and its frame incidents end: no frames, no evidence that they still hold); back online ends the
 * alert and, if nobody acted on it, resolves it. Call {@link #check} about once a second with every camera.
 */
public final class CameraOfflineMonitor {

    /** One camera's state as ingest sees it. */
    public record Status(Camera camera, boolean online, Instant since, String reason) {
    }

    private final Incidents incidents;
    private final Set<String> reportedOffline = new HashSet<>();

    public CameraOfflineMonitor(Incidents incidents) {
        this.incidents = incidents;
    }

    /** Turns ingest's health into a status. */
    public static Status status(Camera camera, CameraHealth health) {
        return new Status(camera, health.status().online(), health.since(), health.reason().orElse(""));
    }

    public synchronized void check(List<Status> cameras, Instant now) {
        Duration grace = incidents.settings().offlineGrace();
        Set<String> present = new HashSet<>();
        for (Status s : cameras) {
            present.add(s.camera().id());
            boolean offlineLongEnough = !s.online() && Duration.between(s.since(), now).compareTo(grace) >= 0;
            if (!offlineLongEnough && !reportedOffline.contains(s.camera().id())) {
                continue; // the usual case: nothing to tell anyone, and no tracker made for it
            }
            IncidentTracker tracker = incidents.forCamera(s.camera(), zone -> List.of());
            if (offlineLongEnough) {
                if (reportedOffline.add(s.camera().id())) {
                    tracker.endAll(IncidentTracker.Source.FRAMES, now);
                    tracker.endAll(IncidentTracker.Source.VIEW, now);
                }
                long minutes = Duration.between(s.since(), now).toMinutes();
                String message = String.format(Locale.ROOT, "offline for %s: %s",
                        minutes < 1 ? Duration.between(s.since(), now).toSeconds() + " s" : minutes + " min",
                        s.reason() == null || s.reason().isBlank() ? "no stream" : s.reason());
                tracker.health(now, List.of(new Finding(AlertType.CAMERA_OFFLINE, "",
                        incidents.settings().offlineSeverity(), message, List.of(), java.util.Map.of(), 0)), s.since());
            } else {
                reportedOffline.remove(s.camera().id());
                tracker.health(now, List.of(), now);
            }
        }
        reportedOffline.retainAll(present);
    }
}
