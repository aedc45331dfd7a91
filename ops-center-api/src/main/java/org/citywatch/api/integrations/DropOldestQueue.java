package org.citywatch.api.integrations;

import java.util.ArrayDeque;
import java.util.List;

/**
 * A bounded FIFO that makes room by dropping its oldest entry, and counts what it dropped. Offered to from the
 * alert store's thread and drained on the integrations' event loop, so every method takes one short lock and never
 * waits for anything else: the store thread must not block on a slow broker or endpoint.
 *
 * <p>Why the oldest: during an outage the newest events describe the alerts as they are now (every event carries
 * the whole alert), so they are the ones worth delivering when the other side comes back.
 */
final class DropOldestQueue<T> {

    private final int capacity;
    private final ArrayDeque<T> items;
    private long dropped;

    DropOldestQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, got " + capacity);
        }
        this.capacity = capacity;
        this.items = new ArrayDeque<>(Math.min(capacity, 1024));
    }

    /** Appends; returns how many entries were dropped to make room (0 or 1). */
    synchronized int offer(T item) {
        int d = 0;
        if (items.size() >= capacity) {
            items.pollFirst();
            dropped++;
            d = 1;
        }
        items.addLast(item);
        return d;
    }

    /**
     * Puts entries that were taken but not delivered (in their original order) back at the head, so they go out
     * first again. Past the bound the oldest are dropped, as with {@link #offer}; returns how many.
     */
    synchronized int requeue(List<T> oldestFirst) {
        for (int i = oldestFirst.size() - 1; i >= 0; i--) {
            items.addFirst(oldestFirst.get(i));
        }
        int d = 0;
        while (items.size() > capacity) {
            items.pollFirst();
            dropped++;
            d++;
        }
        return d;
    }

    /** The oldest entry, removed; null when empty. */
    synchronized T poll() {
        return items.pollFirst();
    }

    /** Removes everything; returns how many entries there were (for counting them as dropped at close). */
    synchronized int clear() {
        int n = items.size();
        items.clear();
        return n;
    }

    synchronized int size() {
        return items.size();
    }

    /** Entries dropped since creation. */
    synchronized long dropped() {
        return dropped;
    }

    int capacity() {
        return capacity;
    }
}
