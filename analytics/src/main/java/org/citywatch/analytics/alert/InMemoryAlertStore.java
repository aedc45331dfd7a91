package org.citywatch.analytics.alert;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded alert store: the newest {@code maxAlerts} alerts in memory, and their snapshots up to
 * {@code maxSnapshotBytes} in total. Past either bound the oldest go first, so memory stays bounded
 * however long the process runs.
 */
public final class InMemoryAlertStore implements AlertStore {

    private static final Logger log = LoggerFactory.getLogger(InMemoryAlertStore.class);

    private final int maxAlerts;
    private final long maxSnapshotBytes;
    private final ArrayDeque<Alert> alerts = new ArrayDeque<>(); // oldest first
    private final Map<String, Alert> byId = new HashMap<>();
    private final Map<String, byte[]> snapshots = new HashMap<>();
    private final ArrayDeque<String> snapshotOrder = new ArrayDeque<>();
    private long snapshotBytes;
    private final List<Consumer<Alert>> listeners = new CopyOnWriteArrayList<>();

    public InMemoryAlertStore(int maxAlerts, long maxSnapshotBytes) {
        if (maxAlerts <= 0 || maxSnapshotBytes <= 0) {
            throw new IllegalArgumentException("bounds must be positive");
        }
        this.maxAlerts = maxAlerts;
        this.maxSnapshotBytes = maxSnapshotBytes;
    }

    /** 10,000 alerts and 256 MiB of snapshots (about 2,500 at 100 KiB). */
    public InMemoryAlertStore() {
        this(10_000, 256L * 1024 * 1024);
    }

    @Override
    public void add(Alert alert, byte[] snapshotJpeg) {
        synchronized (this) {
            alerts.addLast(alert);
            byId.put(alert.id(), alert);
            while (alerts.size() > maxAlerts) {
                Alert gone = alerts.removeFirst();
                byId.remove(gone.id());
                dropSnapshot(gone.id());
            }
            if (snapshotJpeg != null && snapshotJpeg.length <= maxSnapshotBytes) {
                snapshots.put(alert.id(), snapshotJpeg);
                snapshotOrder.addLast(alert.id());
                snapshotBytes += snapshotJpeg.length;
                while (snapshotBytes > maxSnapshotBytes) {
                    dropSnapshot(snapshotOrder.peekFirst());
                }
            }
        }
        for (Consumer<Alert> listener : listeners) {
            try {
                listener.accept(alert);
            } catch (RuntimeException e) {
                log.error("Alert listener failed on alert {}", alert.id(), e);
            }
        }
    }

    private void dropSnapshot(String id) {
        byte[] removed = snapshots.remove(id);
        if (removed != null) {
            snapshotBytes -= removed.length;
            snapshotOrder.remove(id);
        }
    }

    @Override
    public synchronized List<Alert> recent(int limit) {
        List<Alert> out = new ArrayList<>(Math.min(Math.max(limit, 0), alerts.size()));
        for (Iterator<Alert> it = alerts.descendingIterator(); it.hasNext() && out.size() < limit; ) {
            out.add(it.next());
        }
        return out;
    }

    @Override
    public synchronized Optional<Alert> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public synchronized Optional<byte[]> snapshot(String id) {
        return Optional.ofNullable(snapshots.get(id));
    }

    @Override
    public AutoCloseable subscribe(Consumer<Alert> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }
}
