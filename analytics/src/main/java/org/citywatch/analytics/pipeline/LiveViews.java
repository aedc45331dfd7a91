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
 * <p>Thread-safe: the API's event loops renew leases, the scheduler's timer expires them. Ingest is told of a lease's
 * start and end under the same lock, so a renewal and an expiry of one camera on two threads cannot reach it in the
 * opposite order (a start, then a late stop, with the lease held).
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

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(LiveViews.class);

    private final int max;
    private final long leaseNanos;
    private final DecodeControl decode;
    private final Map<String, Long> until = new HashMap<>();
    private long refused;

    /**
     * @param max   the most cameras viewed live at once (0 turns live views off)
     * @param lease how long one request keeps a camera live; the dashboard asks once a second
     */
    LiveViews(int max, Duration lease) {
        this(max, lease, DecodeControl.NONE);
    }

    /** As {@link #LiveViews(int, Duration)}, telling {@code decode} when a camera's lease starts and ends. */
    LiveViews(int max, Duration lease, DecodeControl decode) {
        this.decode = decode;
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
            if (refused++ == 0) {
                log.warn("More than {} cameras are viewed live at once (analytics.liveViews): camera {} and any "
                        + "further ones refresh every {} s; refusals are counted in /metrics", max, cameraId,
                        AnalyticsSettings.THUMBNAIL_INTERVAL.toSeconds());
            }
            return Renewal.REFUSED;
        }
        // A lapsed lease not yet expired by the timer is simply taken up again.
        until.put(cameraId, nowNanos + leaseNanos);
        if (held == null) {
            decode.viewing(cameraId, true);
            return Renewal.STARTED;
        }
        return Renewal.RENEWED;
    }

    synchronized boolean viewed(String cameraId, long nowNanos) {
        Long held = until.get(cameraId);
        return held != null && held - nowNanos > 0;
    }

    /** Removes and returns the leases that ran out, telling ingest. */
    synchronized List<String> expire(long nowNanos) {
        List<String> gone = new ArrayList<>();
        for (Iterator<Map.Entry<String, Long>> it = until.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Long> e = it.next();
            if (e.getValue() - nowNanos <= 0) {
                gone.add(e.getKey());
                it.remove();
                decode.viewing(e.getKey(), false);
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
