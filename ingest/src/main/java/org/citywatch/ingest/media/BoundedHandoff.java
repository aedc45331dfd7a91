package org.citywatch.ingest.media;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * A bounded queue between one producer that must never wait (a network event loop) and one consumer:
 * when the consumer falls behind, the oldest items are dropped and counted, so memory stays bounded and
 * the consumer always gets the freshest data.
 */
public final class BoundedHandoff<T> {

    private final int capacity;
    private final ArrayDeque<T> items;
    private long dropped;
    private boolean closed;

    public BoundedHandoff(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
        this.items = new ArrayDeque<>(capacity);
    }

    /** Adds an item, dropping the oldest one if full. Never blocks. */
    public synchronized void offer(T item) {
        if (closed) {
            return;
        }
        if (items.size() == capacity) {
            items.pollFirst();
            dropped++;
        }
        items.addLast(item);
        notifyAll();
    }

    /** The oldest item, waiting up to the timeout; null on timeout or once closed and empty. */
    public synchronized T poll(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (items.isEmpty() && !closed) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return items.pollFirst();
    }

    public synchronized int size() {
        return items.size();
    }

    /** Items dropped because the consumer was behind. */
    public synchronized long dropped() {
        return dropped;
    }

    public synchronized void close() {
        closed = true;
        items.clear();
        notifyAll();
    }
}
