package org.citywatch.analytics.rules;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.bytedeco.opencv.opencv_core.Mat;
import org.citywatch.analytics.scene.NormPoint;
import org.citywatch.analytics.track.TrackSnapshot;

/**
 * What every rule sees of one analysed frame of one camera.
 *
 * @param cameraId the camera
 * @param nanos    the frame's arrival time on the monotonic clock the tracker uses ({@link System#nanoTime()})
 * @param at       the same moment on the wall clock, for alert times
 * @param width    frame width in pixels (the coordinates of the tracks' boxes)
 * @param height   frame height in pixels
 * @param tracks   the tracker's tracks after this frame (tentative, confirmed and lost)
 * @param image    the BGR frame itself, valid only during the rule's call, or null when there is none
 *                 (synthetic tests, a frame the motion gate spared); only the tamper rule looks at it
 */
public record SceneFrame(String cameraId, long nanos, Instant at, int width, int height, List<TrackSnapshot> tracks,
                         Mat image) {

    public SceneFrame {
        Objects.requireNonNull(cameraId, "cameraId");
        Objects.requireNonNull(at, "at");
        tracks = List.copyOf(tracks);
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("frame size must be positive: " + width + "x" + height);
        }
    }

    /**
     * Where a track stands: the bottom centre of its box (its feet, its wheels), normalised. Zone membership
     * and line crossings use this point, the usual choice for cameras looking down at a street.
     */
    public NormPoint groundPoint(TrackSnapshot t) {
        return NormPoint.ofPixels(t.box().centerX(), t.box().y2(), width, height);
    }
}
