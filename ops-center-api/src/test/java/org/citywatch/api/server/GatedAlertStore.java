package org.citywatch.api.server;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.citywatch.analytics.alert.Alert;
import org.citywatch.analytics.alert.AlertEvent;
import org.citywatch.analytics.alert.AlertQuery;
import org.citywatch.analytics.alert.AlertStore;
import org.citywatch.analytics.alert.PublishResult;

/**
 * A real alert store (the in-memory one, or any) whose reads can be held, as a Redis store's are while Redis is slow
 * to answer, or made to fail: {@link #hold()} makes every {@code get} and {@code query} wait (each signals
 * {@link #entered} first) until {@link #release()}; {@link #failReads} makes them throw. Publishing is never held.
 */
public final class GatedAlertStore implements AlertStore {

    private final AlertStore store;
    /** One permit per read that has started (and is held, while the gate is shut). */
    public final Semaphore entered = new Semaphore(0);
    public final AtomicInteger reads = new AtomicInteger();
    private volatile CountDownLatch gate;
    private volatile RuntimeException failReads;

    public GatedAlertStore(AlertStore store) {
        this.store = store;
    }

    /** Reads from now on wait for {@link #release()}. */
    public void hold() {
        gate = new CountDownLatch(1);
    }

    public void release() {
        CountDownLatch g = gate;
        gate = null;
        if (g != null) {
            g.countDown();
        }
    }

    /** Reads from now on throw this (null: they answer again). */
    public void failReads(RuntimeException e) {
        failReads = e;
    }

    private void read() {
        reads.incrementAndGet();
        entered.release();
        CountDownLatch g = gate;
        try {
            // Bounded, so that a test that fails cannot leave a thread (perhaps an event loop) stuck for good.
            if (g != null && !g.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("held for 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        RuntimeException fail = failReads;
        if (fail != null) {
            throw fail;
        }
    }

    @Override
    public PublishResult publish(AlertEvent event) {
        return store.publish(event);
    }

    @Override
    public Optional<Alert> get(String id) {
        read();
        return store.get(id);
    }

    @Override
    public List<Alert> query(AlertQuery query) {
        read();
        return store.query(query);
    }

    @Override
    public AutoCloseable subscribe(Consumer<AlertEvent> listener) {
        return store.subscribe(listener);
    }

    @Override
    public boolean online() {
        return store.online();
    }

    @Override
    public void close() {
        release();
        store.close();
    }
}
