package org.citywatch.analytics.track;

import java.util.List;
import java.util.Objects;
import org.citywatch.analytics.detect.BoundingBox;

/**
 * What the outside sees of a track after an update: immutable, safe to keep and to hand to another thread.
 *
 * @param id             unique within its tracker, increasing in order of birth, never reused
 * @param classId        the class of {@code label}
 * @param label          the label the track's detections carried most often (within its class group, so a bus
 *                       seen once as a truck stays a bus)
 * @param score          the score of the latest matched detection
 * @param box            the filter's estimate in frame pixels: smoothed when matched, predicted when lost
 * @param state          tentative, confirmed or lost
 * @param firstSeenNanos time of the first matched detection
 * @param lastSeenNanos  time of the latest matched detection
 * @param vx             velocity of the box centre, pixels per second, positive to the right
 * @param vy             velocity of the box centre, pixels per second, positive downwards
 * @param hits           how many detections were matched to the track
 * @param history        the last (at most {@link ByteTracker#HISTORY}) measured boxes, oldest first
 */
public record TrackSnapshot(long id, int classId, String label, float score, BoundingBox box, TrackState state,
                            long firstSeenNanos, long lastSeenNanos, double vx, double vy, int hits,
                            List<TimedBox> history) {

    public TrackSnapshot {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(box, "box");
        Objects.requireNonNull(state, "state");
        history = List.copyOf(history);
    }

    /** Speed of the box centre, pixels per second. */
    public double speed() {
        return Math.hypot(vx, vy);
    }

    public boolean confirmed() {
        return state == TrackState.CONFIRMED;
    }
}
