package org.citywatch.analytics.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.citywatch.analytics.schedule.AnalysisRole;
import org.citywatch.analytics.schedule.ScheduleState;

/**
 * What the ops-center shows of the scheduler: the plan's figures and one row per camera.
 *
 * @param maxConcurrentStreams the configured cap on analysed streams
 * @param targetFps            the configured rate per analysed stream
 * @param fps                  the rate every analysed stream gets now (lower than the target when the detector
 *                             cannot keep up)
 * @param overloaded           even the minimum rate is more than the detector can do
 * @param capacityFps          frames per second the worker pool can analyse, as measured; NaN before the first
 * @param analysedStreams      streams analysed now
 * @param patrolCycle          how stale a patrolled camera's analysis can get: empty when priority cameras take
 *                             every slot (then patrolled cameras are never analysed)
 * @param patrolCameras        cameras that depend on the patrol
 * @param patrolSlots          slots the patrol has
 * @param cameras              one row per camera, by id
 */
public record ScheduleView(int maxConcurrentStreams, double targetFps, double fps, boolean overloaded,
                           double capacityFps, int analysedStreams, Optional<Duration> patrolCycle,
                           int patrolCameras, int patrolSlots, List<Camera> cameras) {

    public ScheduleView {
        cameras = List.copyOf(cameras);
    }

    /**
     * One camera's row.
     *
     * @param state          live-analysed, patrolled or idle
     * @param role           why it holds (or would hold) a slot
     * @param fps            the rate it may be analysed at now, 0 when idle
     * @param measuredFps    the rate it was actually analysed at over the last seconds
     * @param lastAnalysedAt when a frame of it was last analysed
     * @param reason         a short human text ("patrol, 12 s left", "waiting for patrol turn (3 of 950)")
     */
    public record Camera(String id, ScheduleState state, Optional<AnalysisRole> role, double fps,
                         double measuredFps, Optional<Instant> lastAnalysedAt, String reason) {
    }
}
