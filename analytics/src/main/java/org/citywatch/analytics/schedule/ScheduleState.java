package org.citywatch.analytics.schedule;

/** What the ops-center shows per camera. */
public enum ScheduleState {
    /** Analysed as long as it is pinned, alerting or continuous. */
    LIVE,
    /** Analysed now, in a patrol slot, until its dwell ends. */
    PATROL,
    /** Not analysed now: waiting for its patrol turn (or for a free slot). */
    IDLE
}
