package org.citywatch.analytics.counts;

/**
 * Counts per minute for the last {@code minutes} minutes, in a ring: fixed memory (8 bytes a minute), the oldest
 * minute overwritten as time moves on. Minutes are whole minutes since the epoch. Thread-safe.
 */
final class MinuteSeries {

    private final long[] counts;
    private long newest = Long.MIN_VALUE; // the newest minute written
    private long total;

    MinuteSeries(int minutes) {
        counts = new long[minutes];
    }

    /** One crossing in {@code minute}; one older than the ring is counted in the total only. */
    synchronized void add(long minute) {
        total++;
        if (newest == Long.MIN_VALUE) {
            newest = minute;
        }
        if (minute > newest) {
            long gap = Math.min(minute - newest, counts.length);
            for (long m = minute - gap + 1; m <= minute; m++) {
                counts[slot(m)] = 0; // minutes nobody crossed in
            }
            newest = minute;
        }
        if (newest - minute < counts.length) {
            counts[slot(minute)]++;
        }
    }

    /** Calls {@code visit} with (minute, count) for each minute in [from, to] that is still held and not zero. */
    synchronized void forEach(long fromMinute, long toMinute, MinuteVisitor visit) {
        if (newest == Long.MIN_VALUE) {
            return;
        }
        long first = Math.max(fromMinute, newest - counts.length + 1);
        long last = Math.min(toMinute, newest);
        for (long m = first; m <= last; m++) {
            long c = counts[slot(m)];
            if (c > 0) {
                visit.minute(m, c);
            }
        }
    }

    /** Every crossing since the series began (for counters that only go up). */
    synchronized long total() {
        return total;
    }

    synchronized long newestMinute() {
        return newest;
    }

    private int slot(long minute) {
        return (int) Math.floorMod(minute, (long) counts.length);
    }

    /** A minute and its count. */
    @FunctionalInterface
    interface MinuteVisitor {
        void minute(long minute, long count);
    }
}
