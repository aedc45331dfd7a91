package org.citywatch.analytics.pipeline;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.citywatch.ingest.decode.DecodePolicy;
import org.citywatch.ingest.media.MediaHub;

/**
 * Steers ingest's decoding of RTSP cameras from the scheduler's plan. A camera that is not analysed gets the idle
 * policy (thumbnails). An analysed one is decoded in full, unless its granted rate is at most its keyframe rate:
 * then its keyframes alone are decoded, each on its own. On the 50-stream bench (one keyframe a second, about
 * 1 fps granted) that skips 9 of 10 pictures: a P-frame cannot be decoded without the pictures before it, so
 * "decode only what will be analysed" means whole groups of pictures or keyframes only.
 */
public final class MediaHubDecodeControl implements DecodeControl {

    private final MediaHub media;
    private final DecodePolicy idle;
    private final Function<String, Optional<Duration>> keyframeInterval;

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
    public void analysing(String cameraId, boolean analysed) {
        media.setPolicy(cameraId, analysed ? new DecodePolicy.All() : idle);
    }

    @Override
    public void rate(String cameraId, double fps) {
        media.setPolicy(cameraId, policyFor(fps, keyframeInterval.apply(cameraId)));
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
