package org.citywatch.analytics.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The cameras somebody is looking at right now (a wall tile or a map panel asking for the camera's latest image),
 * each as a short lease that every request renews. A viewed camera that is not analysed refreshes its image about
 * once a second instead of once per {@link AnalyticsSettings#THUMBNAIL_INTERVAL}, so ingest must decode more of it:
 * that is why the number of leases is capped. Beyond the cap a camera keeps its slow thumbnail (and the refusal is
 * counted), rather than letting a few open walls make 1,000 cameras decode in full.
 *
 * <p>Thread-safe: the API's event loops renew leases, the scheduler's timer expires them.
 */
final class LiveViews {

    /** What a renewal did. */
    enum Renewal {
        /** A new lease: ingest must start decoding the camera for a live image. */
        STARTED,
        /** The camera was already viewed. */
        RENEWED,
        /** The cap is reached: the camera stays on slow thumbnails. */
        REFUSED
    }

    private final int max;
    private final long leaseNanos;
    private final Map<String, Long> until = new HashMap<>();
    private long refused;

    /**
     * @param max   the most cameras viewed live at once (0 turns live views off)
     * @param lease how long one request keeps a camera live; the dashboard asks once a second
     */
    LiveViews(int max, Duration lease) {
        if (max < 0) {
            throw new IllegalArgumentException("max must be >= 0, was " + max);
        }
        this.max = max;
        this.leaseNanos = lease.toNanos();
    }

    synchronized Renewal renew(String cameraId, long nowNanos) {
        Long held = until.get(cameraId);
        if (held != null && held - nowNanos > 0) {
            until.put(cameraId, nowNanos + leaseNanos);
            return Renewal.RENEWED;
        }
        if (held == null && until.size() >= max) {
            refused++;
            return Renewal.REFUSED;
        }
        // A lapsed lease not yet expired by the timer is simply taken up again.
        until.put(cameraId, nowNanos + leaseNanos);
        return held == null ? Renewal.STARTED : Renewal.RENEWED;
    }

    synchronized boolean viewed(String cameraId, long nowNanos) {
        Long held = until.get(cameraId);
        return held != null && held - nowNanos > 0;
    }

    /** Removes and returns the leases that ran out. */
    synchronized List<String> expire(long nowNanos) {
        List<String> gone = new ArrayList<>();
        for (Iterator<Map.Entry<String, Long>> it = until.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Long> e = it.next();
            if (e.getValue() - nowNanos <= 0) {
                gone.add(e.getKey());
                it.remove();
            }
        }
        return gone;
    }

    /** Forgets a camera that left the camera list. */
    synchronized boolean forget(String cameraId) {
        return until.remove(cameraId) != null;
    }

    synchronized int count() {
        return until.size();
    }

    synchronized long refused() {
        return refused;
    }

    int max() {
        return max;
    }
}
