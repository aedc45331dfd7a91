package org.citywatch.analytics.pipeline;

import java.time.Duration;
import org.citywatch.analytics.alert.Severity;
import org.citywatch.analytics.rules.CrowdRule;

/**
 * How analytics runs.
 *
 * @param framesPerSecond     frames analysed per camera per second at most; the rest are skipped
 * @param workers             inference workers, each with its own detector
 * @param intraOpThreads      ONNX Runtime threads per inference
 * @param crowd               the crowd rule, applied to every camera
 * @param crowdSeverity       the severity of crowd alerts
 * @param latestImageInterval how often a camera's latest analysed frame is re-encoded for the dashboard
 */
public record AnalyticsSettings(double framesPerSecond, int workers, int intraOpThreads,
                                CrowdRule.Settings crowd, Severity crowdSeverity, Duration latestImageInterval) {

    public AnalyticsSettings {
        if (!(framesPerSecond > 0 && framesPerSecond <= 60)) {
            throw new IllegalArgumentException("analytics.framesPerSecond must be in (0, 60], got " + framesPerSecond);
        }
        if (workers < 1 || workers > 64) {
            throw new IllegalArgumentException("analytics.workers must be in 1..64, got " + workers);
        }
        if (intraOpThreads < 1 || intraOpThreads > 64) {
            throw new IllegalArgumentException("analytics.intraOpThreads must be in 1..64, got " + intraOpThreads);
        }
    }

    /** The embedded defaults: 2 fps per camera, one worker with one ORT thread, crowd = 4 persons for 2 s. */
    public static AnalyticsSettings defaults() {
        return new AnalyticsSettings(2.0, 1, 1,
                new CrowdRule.Settings(4, Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(60)),
                Severity.P3, Duration.ofSeconds(1));
    }
}
