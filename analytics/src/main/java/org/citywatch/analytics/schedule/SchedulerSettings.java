package org.citywatch.analytics.schedule;

import java.time.Duration;
import java.util.Objects;

/**
 * How many streams the detector pool analyses at once, and how fast.
 *
 * @param maxConcurrentStreams {@code analytics.maxConcurrentStreams}: analysis slots shared by pinned, alert,
 *                             continuous and patrol cameras
 * @param targetFps            rate per analysed stream when the detector keeps up
 * @param patrolDwell          how long a patrolled camera keeps its slot before the next one in rotation gets it
 * @param minFps               the fair rate is never lowered below this; if even this is more than the detector
 *                             can do, the plan says {@code overloaded} and the stale-frame rule bounds latency
 */
public record SchedulerSettings(int maxConcurrentStreams, double targetFps, Duration patrolDwell, double minFps) {

    public SchedulerSettings {
        Objects.requireNonNull(patrolDwell, "patrolDwell");
        if (maxConcurrentStreams < 1) {
            throw new IllegalArgumentException("maxConcurrentStreams must be >= 1: " + maxConcurrentStreams);
        }
        if (!(targetFps > 0 && targetFps <= 1000)) {
            throw new IllegalArgumentException("targetFps must be in (0, 1000]: " + targetFps);
        }
        if (!(minFps > 0 && minFps <= targetFps)) {
            throw new IllegalArgumentException("need 0 < minFps <= targetFps: " + minFps + ", " + targetFps);
        }
        // Shorter than a second would make the rotation thrash decoders (a switch costs a key frame).
        if (patrolDwell.compareTo(Duration.ofSeconds(1)) < 0 || patrolDwell.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("patrolDwell must be in [1 s, 1 h]: " + patrolDwell);
        }
    }

    /** 50 streams at 5 fps, 20 s patrol dwell, never below 0.5 fps. */
    public static SchedulerSettings defaults() {
        return new SchedulerSettings(50, 5.0, Duration.ofSeconds(20), 0.5);
    }
}
