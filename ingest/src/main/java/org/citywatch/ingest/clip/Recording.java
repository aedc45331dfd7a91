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
 *
 * <p>A camera whose buffer holds no keyframe yet (analysis started a moment ago, or its GOP is long) gets a clip that
 * starts at its next keyframe and lasts as long as asked for in all ({@link #fromNextKeyframe}): later than wanted,
 * but evidence, where failing would leave the alert with none.
 */
final class Recording {

    final String cameraId;
    final Path file;
    final CompletableFuture<Path> future = new CompletableFuture<>();
    private long endPts;
    private final long maxBytes;
    private final long maxSpanMicros;
    private final List<AccessUnit> units;
    private long firstPts;
    /** While waiting for a keyframe: how long the clip lasts from it; 0 once started. */
    private long lengthFromKeyframe;
    private long bytes;
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile String cutShort;
    volatile ScheduledFuture<?> deadline;

    /**
     * @param preEvent units from a keyframe, in decoding order (empty only for {@link #fromNextKeyframe})
     * @param endPts   the first presentation time not to take
     */
    Recording(String cameraId, Path file, List<AccessUnit> preEvent, long endPts, long maxBytes, long maxSpanMicros) {
        this.cameraId = cameraId;
        this.file = file;
        this.units = new ArrayList<>(preEvent);
        this.firstPts = preEvent.isEmpty() ? Long.MIN_VALUE : preEvent.getFirst().ptsMicros();
        this.endPts = endPts;
        this.maxBytes = maxBytes;
        this.maxSpanMicros = maxSpanMicros;
        for (AccessUnit au : preEvent) {
            bytes += au.size();
        }
    }

    /** A recording with nothing before: it starts at the camera's next keyframe and lasts {@code lengthMicros}. */
    static Recording fromNextKeyframe(String cameraId, Path file, long lengthMicros, long maxBytes, long maxSpanMicros) {
        Recording r = new Recording(cameraId, file, List.of(), Long.MAX_VALUE, maxBytes, maxSpanMicros);
        r.lengthFromKeyframe = Math.max(1, lengthMicros);
        return r;
    }

    /** True while it waits for its first keyframe. */
    boolean waitingForKeyframe() {
        return lengthFromKeyframe > 0;
    }

    /** Takes the next unit of the camera; true when the recording is complete (that unit not taken). */
    boolean offer(AccessUnit au) {
        if (lengthFromKeyframe > 0) {
            if (!au.keyframe()) {
                return false; // nothing decodes before a keyframe
            }
            firstPts = au.ptsMicros();
            endPts = firstPts + lengthFromKeyframe;
            lengthFromKeyframe = 0;
        }
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
        if (units.isEmpty()) {
            return 0;
        }
        long last = firstPts;
        for (AccessUnit au : units) {
            last = Math.max(last, au.ptsMicros());
        }
        return last - firstPts;
    }
}
