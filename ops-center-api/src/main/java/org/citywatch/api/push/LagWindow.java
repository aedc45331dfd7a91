package org.citywatch.api.push;

import java.util.Arrays;

/** The last samples of a lag, in milliseconds, for a recent percentile at scrape time. Thread-safe. */
final class LagWindow {

    private final double[] samples;
    private int next;
    private int count;

    LagWindow(int size) {
        this.samples = new double[size];
    }

    synchronized void record(double millis) {
        samples[next] = millis;
        next = (next + 1) % samples.length;
        count = Math.min(count + 1, samples.length);
    }

    /** The {@code p} quantile (0..1) of the samples held, or NaN when there are none. */
    double quantile(double p) {
        double[] copy;
        synchronized (this) {
            if (count == 0) {
                return Double.NaN;
            }
            copy = Arrays.copyOf(samples, count);
        }
        Arrays.sort(copy);
        int i = (int) Math.ceil(p * copy.length) - 1;
        return copy[Math.max(0, Math.min(copy.length - 1, i))];
    }
}
