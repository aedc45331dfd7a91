package org.citywatch.api.push;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.citywatch.analytics.pipeline.ScheduleView;
import org.citywatch.analytics.schedule.AnalysisRole;
import org.citywatch.analytics.schedule.ScheduleState;
import org.citywatch.ingest.camera.Camera;
import org.citywatch.ingest.source.CameraFleet;
import org.citywatch.ingest.source.CameraStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns camera status and analysis changes into push events. Neither ingest nor the scheduler has a listener, so
 * the fleet's snapshot and the scheduler's rows (cheap: one record per camera each) are compared with the previous
 * ones at a fixed interval: a camera whose status, analysis state (LIVE / PATROL / IDLE) or role (PINNED, ALERT …)
 * differs, a camera that appeared, and one that went away (as STOPPED) each give one event. A pin or an alert
 * changes the schedule at once, so the dashboard hears of it within one interval instead of its next camera poll.
 * The granted fps alone is not compared: it follows the measured capacity and would make an event a second. The
 * first look is the baseline and gives none. A change undone between two looks is not seen: a camera that retries
 * quickly stays "offline" to the operator, which is what it is.
 */
public final class CameraWatch implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CameraWatch.class);

    private record Seen(Camera camera, CameraStatus status, ScheduleState state, Optional<AnalysisRole> role) {
    }

    private final Supplier<List<CameraFleet.Entry>> fleet;
    private final Supplier<List<ScheduleView.Camera>> schedule;
    private final PushHub hub;
    private final ScheduledExecutorService timer;
    private Map<String, Seen> seen; // null until the baseline; touched by one thread at a time (start, then the timer)

    private CameraWatch(Supplier<List<CameraFleet.Entry>> fleet, Supplier<List<ScheduleView.Camera>> schedule,
                        PushHub hub) {
        this.fleet = fleet;
        this.schedule = schedule;
        this.hub = hub;
        this.timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("push-camera-watch").factory());
    }

    /**
     * Takes the baseline now, on the caller's thread (so that cameras started after this call each give an event),
     * then looks every {@code every}.
     *
     * @param schedule the scheduler's rows ({@code analytics.schedule().cameras()}); a camera without one is IDLE
     */
    public static CameraWatch start(Supplier<List<CameraFleet.Entry>> fleet,
                                    Supplier<List<ScheduleView.Camera>> schedule, PushHub hub, Duration every) {
        CameraWatch w = new CameraWatch(fleet, schedule, hub);
        w.look();
        w.timer.scheduleWithFixedDelay(w::look, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return w;
    }

    private void look() {
        try {
            Map<String, ScheduleView.Camera> rows = new HashMap<>();
            for (ScheduleView.Camera r : schedule.get()) {
                rows.put(r.id(), r);
            }
            Map<String, Seen> now = new HashMap<>();
            for (CameraFleet.Entry e : fleet.get()) {
                String id = e.camera().id();
                Optional<ScheduleView.Camera> row = Optional.ofNullable(rows.get(id));
                Seen was = seen == null ? null : seen.get(id);
                Seen is = new Seen(e.camera(), e.health().status(),
                        row.map(ScheduleView.Camera::state).orElse(ScheduleState.IDLE),
                        row.flatMap(ScheduleView.Camera::role));
                now.put(id, is);
                if (seen != null && (was == null || was.status() != is.status() || was.state() != is.state()
                        || !was.role().equals(is.role()))) {
                    hub.camera(e.camera(), is.status(), e.health().reason(), e.health().since(), row);
                }
            }
            if (seen != null) {
                for (Map.Entry<String, Seen> old : seen.entrySet()) {
                    if (!now.containsKey(old.getKey()) && old.getValue().status() != CameraStatus.STOPPED) {
                        hub.camera(old.getValue().camera(), CameraStatus.STOPPED,
                                Optional.of("removed from the camera list"), Instant.now(), Optional.empty());
                    }
                }
            }
            seen = now;
        } catch (RuntimeException e) {
            log.error("Camera watch failed; it looks again at the next interval", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
