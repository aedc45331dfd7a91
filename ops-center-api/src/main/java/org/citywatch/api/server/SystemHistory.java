package org.citywatch.api.server;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The system's own figures over the last hours, sampled on a timer, so that the dashboard's throughput chart (and an
 * engineer opening it) sees the recent past at once rather than only what it samples after the page opened. A fixed
 * ring: {@link #CAPACITY} samples, the oldest overwritten.
 */
final class SystemHistory {

    /** One sample. Rates are NaN while unknown (the first seconds after start). */
    record Sample(Instant at, int camerasTotal, int camerasOnline, int analysedStreams, double inferenceFps,
                  double latencyP99Ms) {
    }

    /** How often the server samples. */
    static final long EVERY_MILLIS = 10_000;
    /** Six hours at one sample per 10 s. */
    static final int CAPACITY = 2_160;
    /** The most points one answer carries, however long the window: enough for a chart's width. */
    static final int MAX_POINTS = 360;

    private final Sample[] ring = new Sample[CAPACITY];
    private int next;
    private int size;

    synchronized void add(Sample s) {
        ring[next] = s;
        next = (next + 1) % CAPACITY;
        size = Math.min(size + 1, CAPACITY);
    }

    /**
     * The samples at or after {@code from}, oldest first, thinned to at most {@link #MAX_POINTS} by keeping every
     * k-th (the newest always kept), so a chart's line keeps its shape.
     */
    synchronized List<Sample> since(Instant from) {
        List<Sample> in = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            Sample s = ring[(next - size + i + CAPACITY) % CAPACITY];
            if (!s.at().isBefore(from)) {
                in.add(s);
            }
        }
        if (in.size() <= MAX_POINTS) {
            return in;
        }
        int step = (in.size() + MAX_POINTS - 1) / MAX_POINTS;
        List<Sample> thin = new ArrayList<>(MAX_POINTS);
        // Counted back from the newest, so the latest sample is always among them.
        for (int i = in.size() - 1; i >= 0; i -= step) {
            thin.add(0, in.get(i));
        }
        return thin;
    }
}
