package org.citywatch.analytics.track;

import org.citywatch.analytics.detect.BoundingBox;
import org.citywatch.analytics.detect.Detection;

/**
 * One tracked object, as the tracker changes it: package-private and mutable; the outside gets
 * {@link TrackSnapshot}s.
 */
final class Track {

    /** At most this many distinct labels are counted per track (a vehicle group has 5; one is plenty usually). */
    private static final int MAX_LABELS = 8;

    final long id;
    /** The class group, fixed at birth: a track never changes group. */
    final String group;
    private final KalmanBoxFilter filter;
    private final BoxHistory history;
    private final long firstSeenNanos;
    private long lastSeenNanos;
    private TrackState state;
    private int hits;
    private float score;
    /** The filter's box after the latest predict or update; null if the filter no longer describes a box. */
    private BoundingBox box;

    // Label votes: small parallel arrays, because a track sees one to three labels in its life.
    private final String[] labels = new String[MAX_LABELS];
    private final int[] classIds = new int[MAX_LABELS];
    private final int[] votes = new int[MAX_LABELS];
    private int labelCount;
    private int majority; // index of the label shown

    Track(long id, String group, Detection first, long nanos, TrackState initial, int historyCapacity) {
        this.id = id;
        this.group = group;
        this.filter = new KalmanBoxFilter(first.box());
        this.history = new BoxHistory(historyCapacity);
        this.firstSeenNanos = nanos;
        this.lastSeenNanos = nanos;
        this.state = initial;
        this.hits = 1;
        this.score = first.score();
        this.box = first.box();
        vote(first);
        history.add(new TimedBox(nanos, first.box()));
    }

    /** Moves the estimate {@code dt} seconds ahead; a lost track's shape stops changing. */
    void predict(double dt) {
        if (state == TrackState.LOST) {
            filter.stopShapeChange();
        }
        filter.predict(dt);
        box = filter.box();
    }

    /** A detection was matched to this track at {@code nanos}. */
    void update(Detection d, long nanos, int minHitsToConfirm) {
        filter.update(d.box());
        box = filter.box();
        hits++;
        score = d.score();
        lastSeenNanos = nanos;
        vote(d);
        history.add(new TimedBox(nanos, d.box()));
        if (state == TrackState.LOST || hits >= minHitsToConfirm) {
            state = TrackState.CONFIRMED;
        }
    }

    void markLost() {
        state = TrackState.LOST;
    }

    /** The box to match against: the prediction for this frame; null if there is none (never matches). */
    BoundingBox box() {
        return box;
    }

    TrackState state() {
        return state;
    }

    long lastSeenNanos() {
        return lastSeenNanos;
    }

    float score() {
        return score;
    }

    /** False once the filter has gone non-finite or degenerate: the track cannot be followed any more. */
    boolean usable() {
        return box != null;
    }

    String label() {
        return labels[majority];
    }

    TrackSnapshot snapshot() {
        return new TrackSnapshot(id, classIds[majority], labels[majority], score, box, state, firstSeenNanos,
                lastSeenNanos, filter.vx(), filter.vy(), hits, history.toList());
    }

    /**
     * Counts the detection's label and shows the label with most votes. A tie keeps the label shown, so a track
     * does not flicker between two labels.
     */
    private void vote(Detection d) {
        int i = 0;
        while (i < labelCount && !labels[i].equals(d.label())) {
            i++;
        }
        if (i == labelCount) {
            if (labelCount < MAX_LABELS) {
                labelCount++;
            } else {
                i = leastVoted(); // bounded: the rarest label makes room
            }
            labels[i] = d.label();
            classIds[i] = d.classId();
            votes[i] = 0;
        }
        votes[i]++;
        if (i != majority && votes[i] > votes[majority]) {
            majority = i;
        }
    }

    private int leastVoted() {
        int least = majority == 0 ? 1 : 0;
        for (int i = 0; i < labelCount; i++) {
            if (i != majority && votes[i] < votes[least]) {
                least = i;
            }
        }
        return least;
    }
}
