package org.citywatch.analytics.alert;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The alert bus and the alert state behind one interface: events are appended in order and every subscriber
 * hears each of them; the state is the highest version of each alert seen. Two implementations pass the same
 * contract tests: {@link InMemoryAlertStore} (the embedded default, one process) and the Redis store (a Redis
 * Stream for the events, Redis for the state, shared by several nodes).
 */
public interface AlertStore extends AutoCloseable {

    /**
     * Appends the event to the bus and applies its alert to the state, unless the state already holds that
     * version or a newer one ({@link PublishResult#STALE}: nothing appended). Events of one camera are appended
     * in the order they are published.
     */
    PublishResult publish(AlertEvent event);

    Optional<Alert> get(String id);

    /** Alerts matching the query, newest first. */
    List<Alert> query(AlertQuery query);

    /** The newest alerts first, at most {@code limit}. */
    default List<Alert> recent(int limit) {
        return query(AlertQuery.recent(Math.max(1, Math.min(limit, AlertQuery.MAX_LIMIT))));
    }

    /**
     * Calls the listener for every event appended from now on (by this node or, for a shared store, any node), in
     * bus order, on a store thread: it must not block. Closing the returned handle unsubscribes.
     */
    AutoCloseable subscribe(Consumer<AlertEvent> listener);

    /** Whether the backing store is reachable now (the embedded one always is). */
    default boolean online() {
        return true;
    }

    @Override
    default void close() {
    }
}
