package org.citywatch.analytics.track;

/** Where a track is in its life. */
public enum TrackState {
    /** Born from a detection, not yet seen often enough to be trusted; not counted, not drawn. */
    TENTATIVE,
    /** Seen in enough consecutive frames: a real object, matched in the latest frame. */
    CONFIRMED,
    /**
     * Confirmed once but not matched in the latest frame: its box is the filter's prediction. It may be found
     * again (same id) until it has been unseen for {@link TrackerSettings#maxLostSeconds()}; then it ends.
     */
    LOST
}
