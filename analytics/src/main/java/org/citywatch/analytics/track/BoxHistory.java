package org.citywatch.analytics.track;

import java.util.ArrayList;
import java.util.List;

/** A ring buffer of the last {@code capacity} measured boxes of a track: bounded memory however long it lives. */
final class BoxHistory {

    private final TimedBox[] ring;
    private int next;  // where the next box goes
    private int size;

    BoxHistory(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1: " + capacity);
        }
        ring = new TimedBox[capacity];
    }

    void add(TimedBox box) {
        ring[next] = box;
        next = (next + 1) % ring.length;
        size = Math.min(size + 1, ring.length);
    }

    int size() {
        return size;
    }

    /** Oldest first. */
    List<TimedBox> toList() {
        List<TimedBox> out = new ArrayList<>(size);
        int start = (next - size + ring.length) % ring.length;
        for (int i = 0; i < size; i++) {
            out.add(ring[(start + i) % ring.length]);
        }
        return out;
    }
}
