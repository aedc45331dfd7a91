package org.citywatch.analytics.rules;

/**
 * "For at least T seconds, until it has stopped for H seconds": turns a condition seen frame by frame into an
 * episode that starts once the condition has held for {@code minNanos} and ends once it has not held for
 * {@code holdNanos}, so that one count dipping for a frame neither ends an alert nor starts a new one. A gap
 * between frames longer than {@code maxGapNanos} (the camera was not analysed for a while) starts afresh: nothing
 * is known of what happened in between. Not thread-safe; one per rule.
 */
public final class Episode {

    private static final long UNSET = Long.MIN_VALUE;

    private final long minNanos;
    private final long holdNanos;
    private final long maxGapNanos;
    private long startNanos = UNSET;
    private long lastTrueNanos = UNSET;
    private long lastNanos = UNSET;
    private boolean active;

    public Episode(long minNanos, long holdNanos, long maxGapNanos) {
        if (minNanos < 0 || holdNanos < 0 || maxGapNanos <= 0) {
            throw new IllegalArgumentException("episode times must be >= 0 (and the gap > 0)");
        }
        this.minNanos = minNanos;
        this.holdNanos = holdNanos;
        this.maxGapNanos = maxGapNanos;
    }

    /** Feeds one frame; true while the episode is on (report a finding then). */
    public boolean update(boolean holds, long nanos) {
        if (lastNanos != UNSET && nanos - lastNanos > maxGapNanos) {
            reset();
        }
        lastNanos = nanos;
        if (holds) {
            if (startNanos == UNSET) {
                startNanos = nanos;
            }
            lastTrueNanos = nanos;
            if (!active && nanos - startNanos >= minNanos) {
                active = true;
            }
        } else if (!active) {
            startNanos = UNSET;
        } else if (nanos - lastTrueNanos >= holdNanos) {
            active = false;
            startNanos = UNSET;
        }
        return active;
    }

    /** When the condition began to hold in the current episode (frame clock); meaningful while active. */
    public long sinceNanos() {
        return startNanos;
    }

    public boolean active() {
        return active;
    }

    public void reset() {
        startNanos = UNSET;
        lastTrueNanos = UNSET;
        active = false;
    }
}
