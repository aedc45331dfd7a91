package org.citywatch.analytics.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.citywatch.analytics.detect.ExecutionDevice;
import org.citywatch.analytics.motion.MotionSettings;
import org.citywatch.analytics.schedule.SchedulerSettings;
import org.citywatch.analytics.track.TrackerSettings;

/**
 * How analytics runs.
 *
 * @param schedule            how many streams are analysed at once, at what rate, the patrol dwell
 *                            ({@code analytics.maxConcurrentStreams}, {@code targetFps}, {@code patrolDwellSeconds},
 *                            {@code minFps})
 * @param workers             inference workers, each with its own detector; 0 picks cores / intraOpThreads
 * @param intraOpThreads      ONNX Runtime threads per inference
 * @param device              where the model runs (cpu, or cuda with a CPU fallback)
 * @param analysisWidth       frames wider than this are scaled down to it (keeping the aspect) in the one copy
 *                            taken for analysis; RTSP cameras are decoded straight at this width. 0 keeps the
 *                            frame's size. The app sets it to the model's input width.
 * @param motionGate          skip detection on frames without motion when no object is tracked
 * @param motion              the motion measure's settings
 * @param motionForceEvery    with the gate on, detect at least this often anyway
 * @param tracker             the per-camera tracker's settings
 * @param pinned              cameras pinned to analysis from the start (operators pin more at run time)
 * @param latestImageInterval how often an analysed camera's latest frame is re-encoded for the dashboard
 * @param liveViews           the most cameras that are not analysed but viewed live on a dashboard at once
 *                            ({@code analytics.liveViews}); each refreshes its image about once a second
 */
public record AnalyticsSettings(SchedulerSettings schedule, int workers, int intraOpThreads, ExecutionDevice device,
                                int analysisWidth, boolean motionGate, MotionSettings motion,
                                Duration motionForceEvery, TrackerSettings tracker, List<String> pinned,
                                Duration latestImageInterval, int liveViews) {

    /** How often a camera that is not analysed, and not viewed live, refreshes its image from ingest's thumbnails. */
    public static final Duration THUMBNAIL_INTERVAL = Duration.ofSeconds(10);
    /**
     * How often a viewed camera's image is refreshed: a little under the dashboard's one request a second, so that
     * every request finds a newer picture.
     */
    public static final Duration LIVE_VIEW_INTERVAL = Duration.ofMillis(900);
    /**
     * The default cap on live views: a 6x6 wall on each of a few consoles. Each costs up to about 1.2 % of a core
     * in decoding (a 640x360 stream decoded in full), so 100 cost about one core.
     */
    public static final int DEFAULT_LIVE_VIEWS = 100;

    public AnalyticsSettings {
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(motion, "motion");
        Objects.requireNonNull(tracker, "tracker");
        pinned = List.copyOf(pinned);
        if (workers < 0 || workers > 64) {
            throw new IllegalArgumentException("analytics.workers must be in 0..64 (0: one per core), got " + workers);
        }
        if (intraOpThreads < 1 || intraOpThreads > 64) {
            throw new IllegalArgumentException("analytics.intraOpThreads must be in 1..64, got " + intraOpThreads);
        }
        if (analysisWidth != 0 && (analysisWidth < 32 || analysisWidth > 7680)) {
            throw new IllegalArgumentException("analytics.analysisWidth must be 0 or 32..7680, got " + analysisWidth);
        }
        if (motionForceEvery.isNegative() || motionForceEvery.isZero()) {
            throw new IllegalArgumentException("analytics.motionForceEverySeconds must be > 0");
        }
        if (liveViews < 0 || liveViews > 10_000) {
            throw new IllegalArgumentException("analytics.liveViews must be in 0..10000, got " + liveViews);
        }
    }

    /** With the default cap on live views. */
    public AnalyticsSettings(SchedulerSettings schedule, int workers, int intraOpThreads, ExecutionDevice device,
                             int analysisWidth, boolean motionGate, MotionSettings motion, Duration motionForceEvery,
                             TrackerSettings tracker, List<String> pinned, Duration latestImageInterval) {
        this(schedule, workers, intraOpThreads, device, analysisWidth, motionGate, motion, motionForceEvery, tracker,
                pinned, latestImageInterval, DEFAULT_LIVE_VIEWS);
    }

    /**
     * The embedded defaults: 50 streams at 5 fps, 20 s patrol dwell; one worker per core with one ONNX Runtime
     * thread each (measured best on 2 cores: benchmarks/RESULTS.md); frames at their own size; motion gate on.
     */
    public static AnalyticsSettings defaults() {
        return new AnalyticsSettings(SchedulerSettings.defaults(), 0, 1, ExecutionDevice.CPU, 0, true,
                MotionSettings.DEFAULTS, Duration.ofSeconds(10), TrackerSettings.defaults(), List.of(),
                Duration.ofSeconds(1));
    }

    /** The number of workers to start: {@link #workers()}, or cores / intraOpThreads (at least 1) when 0. */
    public int effectiveWorkers() {
        if (workers > 0) {
            return workers;
        }
        return Math.max(1, Runtime.getRuntime().availableProcessors() / intraOpThreads);
    }

    public AnalyticsSettings withSchedule(SchedulerSettings s) {
        return new AnalyticsSettings(s, workers, intraOpThreads, device, analysisWidth, motionGate, motion,
                motionForceEvery, tracker, pinned, latestImageInterval, liveViews);
    }

    public AnalyticsSettings withWorkers(int n, int threads) {
        return new AnalyticsSettings(schedule, n, threads, device, analysisWidth, motionGate, motion,
                motionForceEvery, tracker, pinned, latestImageInterval, liveViews);
    }

    public AnalyticsSettings withAnalysisWidth(int width) {
        return new AnalyticsSettings(schedule, workers, intraOpThreads, device, width, motionGate, motion,
                motionForceEvery, tracker, pinned, latestImageInterval, liveViews);
    }

    public AnalyticsSettings withMotionGate(boolean on) {
        return new AnalyticsSettings(schedule, workers, intraOpThreads, device, analysisWidth, on, motion,
                motionForceEvery, tracker, pinned, latestImageInterval, liveViews);
    }
}
