package org.citywatch.analytics.alert.redis;

import java.time.Duration;

/** Reconnection delays: doubling from {@code min} to {@code max}, back to {@code min} after a success. Not
 * thread-safe: one per retrying thread. */
final class Backoff {

    private final long minMillis;
    private final long maxMillis;
    private long nextMillis;

    Backoff(Duration min, Duration max) {
        this.minMillis = Math.max(1, min.toMillis());
        this.maxMillis = Math.max(minMillis, max.toMillis());
        this.nextMillis = minMillis;
    }

    /** The delay to wait now; the next one is twice as long, up to the maximum. */
    long nextDelayMillis() {
        long d = nextMillis;
        nextMillis = Math.min(maxMillis, nextMillis * 2);
        return d;
    }

    void reset() {
        nextMillis = minMillis;
    }
}
