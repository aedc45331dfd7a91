package org.citywatch.analytics.alert;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where alerts and their evidence are kept, and who hears of new ones. The embedded default is
 * {@link InMemoryAlertStore}; a Redis store arrives behind this same interface.
 */
public interface AlertStore extends AutoCloseable {

    /** Keeps the alert with its JPEG snapshot and tells the subscribers. */
    void add(Alert alert, byte[] snapshotJpeg);

    /** The newest alerts first, at most {@code limit}. */
    List<Alert> recent(int limit);

    Optional<Alert> get(String id);

    Optional<byte[]> snapshot(String id);

    /**
     * Calls the listener for every alert added from now on, on the adding thread: it must not block.
     * Closing the returned handle unsubscribes.
     */
    AutoCloseable subscribe(Consumer<Alert> listener);

    @Override
    default void close() {
    }
}
