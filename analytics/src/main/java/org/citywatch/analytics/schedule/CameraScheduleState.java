package org.citywatch.analytics.schedule;

import java.util.Objects;
import java.util.Optional;

/**
 * One row of the ops-center's scheduler view.
 *
 * @param cameraId       the camera
 * @param state          live, patrol or idle
 * @param role           the slot's role when analysed; when idle, the priority it would have if a slot were free
 *                       (a pinned camera beyond {@code maxConcurrentStreams}), else empty
 * @param fps            effective analysis rate; 0 when idle
 * @param lastAnalysedAt when {@link AnalysisScheduler#analysed} was last called for it, in the caller's
 *                       {@code System.nanoTime()}-style clock (the API layer converts to wall time, since only it
 *                       knows both clocks); empty if never since the camera was added
 * @param reason         a short human text: "pinned by operator", "patrol, 12 s left", "waiting for patrol turn
 *                       (3 of 950)" ...
 */
public record CameraScheduleState(String cameraId, ScheduleState state, Optional<AnalysisRole> role, double fps,
                                  Optional<Long> lastAnalysedAt, String reason) {

    public CameraScheduleState {
        Objects.requireNonNull(cameraId, "cameraId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(lastAnalysedAt, "lastAnalysedAt");
        Objects.requireNonNull(reason, "reason");
    }
}
