package org.citywatch.analytics.schedule;

/** Why a camera holds an analysis slot; the declaration order is the priority order (first wins). */
public enum AnalysisRole {
    /** An operator pinned the camera. */
    PINNED,
    /** The camera has at least one open alert. */
    ALERT,
    /** The camera's rules need continuous analysis (per-camera configuration). */
    CONTINUOUS,
    /** The camera holds a patrol slot for one dwell. */
    PATROL;

    /** True for the roles that keep a slot as long as the reason lasts (everything but patrol). */
    public boolean live() {
        return this != PATROL;
    }
}
