package org.citywatch.api.server;

import java.util.function.LongSupplier;

/**
 * A counter's rate per second, from two samples taken {@link #sample} calls apart (the server samples every few
 * seconds on a timer): what "inferences per second" means on the dashboard. NaN until two samples exist.
 */
final class RateSampler {

    private final LongSupplier counter;
    private long lastCount = -1;
    private long lastNanos;
    private volatile double perSecond = Double.NaN;

    RateSampler(LongSupplier counter) {
        this.counter = counter;
    }

    synchronized void sample(long nanos) {
        long count = counter.getAsLong();
        if (lastCount >= 0 && nanos > lastNanos) {
            perSecond = (count - lastCount) * 1e9 / (nanos - lastNanos);
        }
        lastCount = count;
        lastNanos = nanos;
    }

    double perSecond() {
        return perSecond;
    }
}
