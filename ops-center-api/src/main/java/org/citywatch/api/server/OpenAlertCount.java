package org.citywatch.api.server;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.citywatch.analytics.alert.Alert;
import org.citywatch.analytics.alert.AlertQuery;
import org.citywatch.analytics.alert.AlertStore;

/**
 * The open-alert figure of {@code /api/stats/system}: how many of the newest {@link AlertQuery#MAX_LIMIT} alerts are
 * active, read from the store at most once per {@code maxAge} whoever asks.
 *
 * <p>Every dashboard polls that route every 5 s, and counting means reading up to 1000 alerts from the store (from
 * Redis: over the network). A short-lived cache rather than a count kept from the event stream: the store stays the
 * one truth (on Redis it covers every node's alerts, also those raised while this node was starting, and the alerts
 * the store dropped past its bound), and a few seconds of staleness do not matter in a figure refreshed every 5 s.
 * Requests arriving while a count is being read share that read.
 */
final class OpenAlertCount {

    /** Several dashboard polls share one read; still fresh to the eye. */
    static final Duration MAX_AGE = Duration.ofSeconds(3);

    private final AlertStore store;
    private final BlockingCalls calls;
    private final long maxAgeNanos;
    private final LongSupplier nanoTime;
    private final Object lock = new Object();
    private Future<Long> current; // guarded by lock: the last read, done or in flight
    private long readAt; // guarded by lock

    OpenAlertCount(AlertStore store, BlockingCalls calls, Duration maxAge, LongSupplier nanoTime) {
        this.store = store;
        this.calls = calls;
        this.maxAgeNanos = maxAge.toNanos();
        this.nanoTime = nanoTime;
    }

    OpenAlertCount(AlertStore store, BlockingCalls calls) {
        this(store, calls, MAX_AGE, System::nanoTime);
    }

    /** The count: the last one when read less than {@code maxAge} ago (or being read now), else read afresh. */
    Future<Long> get() {
        synchronized (lock) {
            long now = nanoTime.getAsLong();
            boolean fresh = current != null && (!current.isComplete() || current.succeeded()
                    && now - readAt < maxAgeNanos);
            if (!fresh) { // a failed read is not kept: the next request tries again
                readAt = now;
                current = calls.call(() -> store.query(AlertQuery.recent(AlertQuery.MAX_LIMIT)).stream()
                        .filter(Alert::active).count());
            }
            return current;
        }
    }
}
