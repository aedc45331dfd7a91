package org.citywatch.analytics.pipeline;

import java.util.Arrays;

/**
 * The last {@value #SIZE} frame-to-detection latencies, for percentiles: a fixed ring of longs, so recording
 * allocates nothing and memory stays flat however long the node runs. Thread-safe.
 */
final class LatencyWindow {

    static final int SIZE = 4096;

    private final long[] ring = new long[SIZE];
    private long count;

    synchronized void record(long nanos) {
        ring[(int) (count % SIZE)] = nanos;
        count++;
    }

    /** The latency at quantile q (0..1) over the window, in ms; NaN before the first. */
    synchronized double quantileMillis(double q) {
        int n = (int) Math.min(count, SIZE);
        if (n == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(ring, n);
        Arrays.sort(sorted);
        int index = (int) Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1));
        return sorted[index] / 1e6;
    }

    synchronized long count() {
        return count;
    }
}
