package org.citywatch.analytics.pipeline;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.citywatch.ingest.decode.DecodePolicy;
import org.citywatch.ingest.media.MediaHub;

/**
 * Steers ingest's decoding of RTSP cameras from the scheduler's plan. A camera that is not analysed gets the idle
 * policy (thumbnails). An analysed one is decoded in full, unless its granted rate is at most its keyframe rate:
 * then its keyframes alone are decoded, each on its own. On the 50-stream bench (one keyframe a second, about
 * 1 fps granted) that skips 9 of 10 pictures: a P-frame cannot be decoded without the pictures before it, so
 * "decode only what will be analysed" means whole groups of pictures or keyframes only. A camera that is not
 * analysed but viewed live (a wall tile) is decoded for one picture a second, by the same rule.
 */
public final class MediaHubDecodeControl implements DecodeControl {

    private final MediaHub media;
    private final DecodePolicy idle;
    private final Function<String, Optional<Duration>> keyframeInterval;
    /** The policy of each analysed camera; the others decode as {@link #viewed} says. Guarded by this. */
    private final Map<String, DecodePolicy> analysed = new HashMap<>();
    private final Set<String> viewed = new HashSet<>();

    /**
     * @param idle             the policy of cameras that are not analysed
     * @param keyframeInterval a camera's measured time between keyframes (ingest's health), empty while unknown
     */
    public MediaHubDecodeControl(MediaHub media, DecodePolicy idle,
                                 Function<String, Optional<Duration>> keyframeInterval) {
        this.media = media;
        this.idle = idle;
        this.keyframeInterval = keyframeInterval;
    }

    @Override
    public synchronized void analysing(String cameraId, boolean on) {
        if (on) {
            analysed.put(cameraId, new DecodePolicy.All());
        } else {
            analysed.remove(cameraId);
        }
        apply(cameraId);
    }

    @Override
    public synchronized void rate(String cameraId, double fps) {
        analysed.put(cameraId, policyFor(fps, keyframeInterval.apply(cameraId)));
        apply(cameraId);
    }

    @Override
    public synchronized void viewing(String cameraId, boolean on) {
        if (on) {
            viewed.add(cameraId);
        } else {
            viewed.remove(cameraId);
        }
        apply(cameraId);
    }

    private void apply(String cameraId) {
        DecodePolicy p = analysed.get(cameraId);
        if (p == null) {
            p = viewed.contains(cameraId) ? policyFor(1.0, keyframeInterval.apply(cameraId)) : idle;
        }
        media.setPolicy(cameraId, p);
    }

    /** Keyframes only when they alone give the rate asked for; every picture otherwise (or while unknown). */
    static DecodePolicy policyFor(double fps, Optional<Duration> keyframeInterval) {
        if (keyframeInterval.isEmpty() || keyframeInterval.get().isZero()) {
            return new DecodePolicy.All();
        }
        double keyframesPerSecond = 1e9 / keyframeInterval.get().toNanos();
        return fps <= keyframesPerSecond ? new DecodePolicy.KeyframesEvery(Duration.ZERO) : new DecodePolicy.All();
    }
}
