package org.citywatch.ingest.clip;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.citywatch.ingest.rtp.AccessUnit;

/**
 * One clip being collected: the pre-event units it started with, then the camera's units until the first one at or
 * past {@code endPts} (on the camera's own clock), or a cap. Collected under its camera's lock ({@link CameraClips});
 * handed to a writer once, by {@link #finish}.
 */
final class Recording {

    final String cameraId;
    final Path file;
    final CompletableFuture<Path> future = new CompletableFuture<>();
    private final long endPts;
    private final long maxBytes;
    private final long maxSpanMicros;
    private final List<AccessUnit> units;
    private final long firstPts;
    private long bytes;
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile String cutShort;
    volatile ScheduledFuture<?> deadline;

    /**
     * @param preEvent units from a keyframe, in decoding order (not empty)
     * @param endPts   the first presentation time not to take
     */
    Recording(String cameraId, Path file, List<AccessUnit> preEvent, long endPts, long maxBytes, long maxSpanMicros) {
        this.cameraId = cameraId;
        this.file = file;
        this.units = new ArrayList<>(preEvent);
        this.firstPts = preEvent.getFirst().ptsMicros();
        this.endPts = endPts;
        this.maxBytes = maxBytes;
        this.maxSpanMicros = maxSpanMicros;
        for (AccessUnit au : preEvent) {
            bytes += au.size();
        }
    }

    /** Takes the next unit of the camera; true when the recording is complete (that unit not taken). */
    boolean offer(AccessUnit au) {
        if (au.ptsMicros() >= endPts) {
            return true;
        }
        if (bytes + au.size() > maxBytes) {
            cutShort = "it reached the cap of " + (maxBytes >> 20) + " MiB";
            return true;
        }
        if (au.ptsMicros() - firstPts >= maxSpanMicros) {
            cutShort = "it reached the cap of " + maxSpanMicros / 1_000_000 + " s (its first keyframe was long before)";
            return true;
        }
        units.add(au);
        bytes += au.size();
        return false;
    }

    /** Says why it ends before its end time (the first reason given stays). */
    void cutShort(String why) {
        if (cutShort == null) {
            cutShort = why;
        }
    }

    /** Marks it finished, once: true for the caller that gets to write it. */
    boolean finish() {
        if (!finished.compareAndSet(false, true)) {
            return false;
        }
        ScheduledFuture<?> d = deadline;
        if (d != null) {
            d.cancel(false);
        }
        return true;
    }

    /** The collected units; only read after {@link #finish}, when nothing adds to them any more. */
    List<AccessUnit> units() {
        return units;
    }

    long bytes() {
        return bytes;
    }

    /** Why it ended before its end time, or null. */
    String cutShort() {
        return cutShort;
    }

    /** Presentation time covered so far, first unit to last, in microseconds. */
    long spanMicros() {
        long last = firstPts;
        for (AccessUnit au : units) {
            last = Math.max(last, au.ptsMicros());
        }
        return last - firstPts;
    }
}
