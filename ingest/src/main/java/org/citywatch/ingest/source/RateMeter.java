package org.citywatch.ingest.source;

/** Events per second over a sliding window of whole seconds; cheap enough to call per frame. */
final class RateMeter {

    private static final int WINDOW_SECONDS = 5;
    private final long[] counts = new long[WINDOW_SECONDS];
    private long currentSecond = Long.MIN_VALUE;
    private long firstSecond = Long.MIN_VALUE;

    synchronized void mark(long nanos) {
        mark(nanos, 1);
    }

    /** Counts {@code amount} events (bytes, say) at this moment. */
    synchronized void mark(long nanos, long amount) {
        advance(nanos / 1_000_000_000L);
        if (firstSecond == Long.MIN_VALUE) {
            firstSecond = currentSecond;
        }
        counts[(int) Math.floorMod(currentSecond, WINDOW_SECONDS)] += amount;
    }

    /** The average rate over the completed seconds of the window (only those since the first event). */
    synchronized double rate(long nanos) {
        advance(nanos / 1_000_000_000L);
        long seconds = firstSecond == Long.MIN_VALUE ? 0 : Math.min(WINDOW_SECONDS - 1, currentSecond - firstSecond);
        if (seconds <= 0) {
            return 0;
        }
        long total = 0;
        for (int i = 1; i <= seconds; i++) {
            total += counts[(int) Math.floorMod(currentSecond - i, WINDOW_SECONDS)];
        }
        return total / (double) seconds;
    }

    private void advance(long second) {
        if (currentSecond == Long.MIN_VALUE || second - currentSecond >= WINDOW_SECONDS) {
            java.util.Arrays.fill(counts, 0);
        } else {
            for (long s = currentSecond + 1; s <= second; s++) {
                counts[(int) Math.floorMod(s, WINDOW_SECONDS)] = 0;
            }
        }
        if (second > currentSecond) {
            currentSecond = second;
        }
    }
}
