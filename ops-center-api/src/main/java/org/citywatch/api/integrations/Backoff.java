package org.citywatch.api.integrations;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter: attempt n (1-based) waits {@code initial * 2^(n-1)}, capped at {@code max}, then
 * spread by +-25 %. The jitter is there so that many nodes (or many webhooks) that failed together do not retry
 * together; +-25 % (rather than "full jitter", 0..d) keeps each wait close enough to the schedule that operators can
 * reason about it ("about 1 s, 2 s, 4 s ...").
 */
public record Backoff(Duration initial, Duration max) {

    static final double JITTER = 0.25;

    public Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initial + ", " + max);
        }
    }

    /** The wait before retry number {@code attempt} (1 = the first retry). */
    public Duration delay(int attempt, RandomGenerator random) {
        long base = initial.toMillis();
        int shift = Math.max(0, Math.min(attempt - 1, 30));
        long nominal = Math.min(max.toMillis(), base * (1L << shift)); // base is at most a few minutes: no overflow
        double factor = 1 - JITTER + random.nextDouble() * 2 * JITTER;
        return Duration.ofMillis(Math.min(max.toMillis(), Math.round(nominal * factor)));
    }
}
