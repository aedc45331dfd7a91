package org.citywatch.analytics.motion;

import java.util.List;
import java.util.Objects;
import org.citywatch.analytics.detect.BoundingBox;

/**
 * What {@link MotionGate#measure} found in one frame.
 *
 * @param cause           why the frame counts as moving, or {@link Cause#NONE}
 * @param changedFraction share of the small grey image that differs from the background, 0..1 (1 when there
 *                        was no background to compare with)
 * @param regions         boxes around the changed regions, in the frame's own pixels, largest first; the whole
 *                        frame for {@link Cause#FIRST_FRAME}, {@link Cause#RESIZED} and {@link Cause#GLOBAL_CHANGE}
 */
public record MotionResult(Cause cause, double changedFraction, List<BoundingBox> regions) {

    /** Why a frame has motion. */
    public enum Cause {
        /** Nothing moved: the changed share is at most the threshold, or no changed region is large enough. */
        NONE,
        /** Part of the picture changed. */
        MOTION,
        /** The gate's first frame: there is no background yet, so the caller must look. */
        FIRST_FRAME,
        /** The frame size changed: the background was started again from this frame. */
        RESIZED,
        /**
         * Most of the picture changed at once (auto-exposure, lights switched, camera moved): the background was
         * started again from this frame, so the next frames are compared with the new picture.
         */
        GLOBAL_CHANGE
    }

    public MotionResult {
        Objects.requireNonNull(cause, "cause");
        regions = List.copyOf(regions);
        if (!(changedFraction >= 0 && changedFraction <= 1)) {
            throw new IllegalArgumentException("changedFraction must be in [0, 1]: " + changedFraction);
        }
    }

    /** Whether the frame should be looked at: anything but {@link Cause#NONE}. */
    public boolean hasMotion() {
        return cause != Cause.NONE;
    }
}
