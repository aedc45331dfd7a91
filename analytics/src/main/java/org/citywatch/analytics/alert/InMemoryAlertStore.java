package org.citywatch.analytics.alert;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded alert store: the newest {@code maxAlerts} alerts in memory (by id, so by raising time; past the
 * bound the oldest go first, so memory stays bounded however long the process runs), and listeners called in
 * publish order. One process only: use the Redis store to share alerts between nodes.
 */
public final class InMemoryAlertStore implements AlertStore {

    private static final Logger log = LoggerFactory.getLogger(InMemoryAlertStore.class);

    private final int maxAlerts;
    private final TreeMap<String, Alert> byId = new TreeMap<>(); // ids sort by raising time
    private final List<Consumer<AlertEvent>> listeners = new CopyOnWriteArrayList<>();

    public InMemoryAlertStore(int maxAlerts) {
        if (maxAlerts <= 0) {
            throw new IllegalArgumentException("maxAlerts must be positive");
        }
        this.maxAlerts = maxAlerts;
    }

    /** 10,000 alerts. */
    public InMemoryAlertStore() {
        this(10_000);
    }

    @Override
    public synchronized PublishResult publish(AlertEvent event) {
        Alert alert = event.alert();
        Alert current = byId.get(alert.id());
        if (current != null && current.version() >= alert.version()) {
            return PublishResult.STALE;
        }
        if (current == null && byId.size() >= maxAlerts && alert.id().compareTo(byId.firstKey()) < 0) {
            return PublishResult.STALE; // older than everything kept: it would be dropped at once
        }
        byId.put(alert.id(), alert);
        while (byId.size() > maxAlerts) {
            byId.pollFirstEntry();
        }
        // Under the lock, so that every listener hears the events in publish order.
        for (Consumer<AlertEvent> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                log.error("Alert listener failed on event {} of alert {}", event.eventId(), alert.id(), e);
            }
        }
        return PublishResult.APPLIED;
    }

    @Override
    public synchronized Optional<Alert> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public synchronized List<Alert> query(AlertQuery query) {
        List<Alert> out = new ArrayList<>(Math.min(query.limit(), byId.size()));
        Map<String, Alert> newestFirst = query.beforeId().map(b -> byId.headMap(b, false)).orElse(byId)
                .reversed();
        for (Alert a : newestFirst.values()) {
            if (query.matches(a)) {
                out.add(a);
                if (out.size() == query.limit()) {
                    break;
                }
            }
        }
        return out;
    }

    @Override
    public AutoCloseable subscribe(Consumer<AlertEvent> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }
}
