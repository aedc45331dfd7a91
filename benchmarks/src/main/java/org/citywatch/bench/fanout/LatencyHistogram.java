package org.citywatch.bench.fanout;

/**
 * Latencies in buckets of about 1 % (1 µs steps below 1 ms, 10 µs to 10 ms, 100 µs to 100 ms, 1 ms to 10 s, then
 * one overflow bucket), so that millions of deliveries cost a few kilobytes. Not thread-safe: one per client thread,
 * merged at the end. The maximum is exact.
 */
final class LatencyHistogram {

    private static final int PER_DECADE = 900; // 100..999 steps of each decade (after the first 1000 of 1 µs)
    private static final int BUCKETS = 1000 + 4 * PER_DECADE + 1;
    private final long[] counts = new long[BUCKETS];
    private long total;
    private long maxNanos;

    void record(long nanos) {
        long us = Math.max(0, nanos / 1000);
        counts[index(us)]++;
        total++;
        maxNanos = Math.max(maxNanos, nanos);
    }

    private static int index(long us) {
        if (us < 1000) {
            return (int) us;
        }
        long scale = 1; // the step in µs: 10, 100, 1000, 10000
        int base = 1000;
        for (int decade = 0; decade < 4; decade++) {
            scale *= 10;
            if (us < scale * 1000) {
                return base + (int) (us / scale) - 100;
            }
            base += PER_DECADE;
        }
        return BUCKETS - 1;
    }

    /** The upper bound of bucket {@code i}, in µs (the overflow bucket: the exact maximum). */
    private long upperMicros(int i) {
        if (i < 1000) {
            return i + 1;
        }
        if (i == BUCKETS - 1) {
            return maxNanos / 1000;
        }
        int decade = (i - 1000) / PER_DECADE;
        long scale = (long) Math.pow(10, decade + 1);
        return ((i - 1000) % PER_DECADE + 100 + 1) * scale;
    }

    void add(LatencyHistogram other) {
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
        maxNanos = Math.max(maxNanos, other.maxNanos);
    }

    long count() {
        return total;
    }

    /** The {@code q} quantile in ms (the upper bound of its bucket, never above the maximum), NaN when empty. */
    double quantileMs(double q) {
        if (total == 0) {
            return Double.NaN;
        }
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(upperMicros(i) / 1000.0, maxMs());
            }
        }
        return maxMs();
    }

    double maxMs() {
        return maxNanos / 1e6;
    }
}
