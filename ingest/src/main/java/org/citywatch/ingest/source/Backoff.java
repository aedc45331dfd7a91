package org.citywatch.ingest.source;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter, capped: a retry waits a random time in [base/2, min(cap, base*2^n)],
 * so that many cameras failing at once (a switch reboot) do not all retry in the same instant.
 */
public final class Backoff {

    private final long initialMillis;
    private final long maxMillis;
    private int failures;

    public Backoff(Duration initial, Duration max) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("need 0 < initial <= max, got " + initial + ", " + max);
        }
        this.initialMillis = initial.toMillis();
        this.maxMillis = max.toMillis();
    }

    /** The wait before the next attempt; each call counts one more failure. */
    public Duration next() {
        long ceiling = Math.min(maxMillis, initialMillis << Math.min(failures, 30));
        failures++;
        long floor = Math.min(ceiling, Math.max(1, initialMillis / 2));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(floor, ceiling + 1));
    }

    /** After a success: the next failure starts again from the initial delay. */
    public void reset() {
        failures = 0;
    }
}
