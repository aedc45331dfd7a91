package org.citywatch.analytics.motion;

import java.time.Duration;
import java.util.Objects;

/**
 * Whether a camera's frame goes to the detector: when something moved, when objects are still being tracked
 * (a person who stops walking fades into the motion background within {@code 1/alpha} frames but must stay
 * tracked), and at least every {@link #forceEvery()} as a guard against a background that never reports motion
 * (a stuck or mistuned gate, an object that was already standing still when the camera started).
 *
 * <p>One per camera, as its {@link MotionGate}; <b>not thread-safe</b>. It remembers when it last let a frame
 * through and counts its decisions.
 */
public final class MotionGatePolicy {

    /** The default longest time without a detection: 10 s. */
    public static final Duration DEFAULT_FORCE_EVERY = Duration.ofSeconds(10);

    /** What the policy decided for a frame, with the reason when the frame goes to the detector. */
    public enum Decision {
        /** The gate reported motion (or a first, resized or globally changed frame). */
        MOTION,
        /** No motion, but tracks are live. */
        LIVE_TRACKS,
        /** Neither, but the last detection is {@link #forceEvery()} or more ago. */
        FORCED,
        /** No detection for this frame. */
        SKIP;

        public boolean detect() {
            return this != SKIP;
        }
    }

    private final long forceEveryNanos;
    private long lastDetectNanos;
    private boolean detectedOnce;
    private final long[] counts = new long[Decision.values().length];

    public MotionGatePolicy() {
        this(DEFAULT_FORCE_EVERY);
    }

    /** @param forceEvery longest time between two detections, &gt; 0 */
    public MotionGatePolicy(Duration forceEvery) {
        Objects.requireNonNull(forceEvery, "forceEvery");
        if (forceEvery.isNegative() || forceEvery.isZero()) {
            throw new IllegalArgumentException("forceEvery must be > 0: " + forceEvery);
        }
        this.forceEveryNanos = forceEvery.toNanos();
    }

    /** The stateless rule: detect when the frame has motion or tracks are live. */
    public static boolean shouldDetect(MotionResult motion, int liveTracks) {
        Objects.requireNonNull(motion, "motion");
        return motion.hasMotion() || liveTracks > 0;
    }

    /**
     * {@link #decide} as a yes or no.
     *
     * @see #decide(MotionResult, int, long)
     */
    public boolean shouldDetect(MotionResult motion, int liveTracks, long nowNanos) {
        return decide(motion, liveTracks, nowNanos).detect();
    }

    /**
     * Decides for one frame and, if it goes to the detector, remembers its time. Call it for each frame the
     * gate measured, in time order; the first call always detects.
     *
     * @param motion     the gate's result for the frame
     * @param liveTracks how many tracks the camera's tracker holds (confirmed or not yet lost), &gt;= 0
     * @param nowNanos   the frame's time on a monotonic clock such as {@link System#nanoTime()} or the frame's
     *                   receive time; only differences are used
     */
    public Decision decide(MotionResult motion, int liveTracks, long nowNanos) {
        Objects.requireNonNull(motion, "motion");
        if (liveTracks < 0) {
            throw new IllegalArgumentException("liveTracks must be >= 0: " + liveTracks);
        }
        Decision d;
        if (motion.hasMotion()) {
            d = Decision.MOTION;
        } else if (liveTracks > 0) {
            d = Decision.LIVE_TRACKS;
        } else if (!detectedOnce || nowNanos - lastDetectNanos >= forceEveryNanos) {
            d = Decision.FORCED;
        } else {
            d = Decision.SKIP;
        }
        if (d.detect()) {
            detectedOnce = true;
            lastDetectNanos = nowNanos;
        }
        counts[d.ordinal()]++;
        return d;
    }

    public Duration forceEvery() {
        return Duration.ofNanos(forceEveryNanos);
    }

    /** How many frames were decided with this decision. */
    public long count(Decision d) {
        return counts[d.ordinal()];
    }

    /** How many frames were decided in all. */
    public long decided() {
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        return n;
    }

    /** Share of the decided frames that skipped detection, 0 before the first. */
    public double skippedShare() {
        long n = decided();
        return n == 0 ? 0 : (double) count(Decision.SKIP) / n;
    }
}
