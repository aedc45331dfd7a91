package org.citywatch.ingest.clip;

import java.time.Duration;
import java.util.Objects;

/**
 * The clip recorder's bounds.
 *
 * @param preEvent        how much video each kept camera's buffer holds: at least this much (when the camera has sent
 *                        that much), from a keyframe, so at most this plus one group of pictures
 * @param bufferBytes     cap on one camera's buffer; past it the oldest group of pictures goes first
 * @param maxRecordings   recordings (collecting or writing) at once; one more fails at once with {@code TOO_MANY}
 * @param maxClipBytes    cap on one clip's video; a recording that reaches it ends there
 * @param maxClipDuration cap on one clip's span; longer requests are refused, and a recording whose first keyframe
 *                        lies far back (a long GOP) ends when it spans this much
 * @param before          what {@link ClipRecorder#record(String, java.nio.file.Path)} takes before now
 * @param after           what it takes after now
 * @param noMediaTimeout  a camera silent this long has no clip to give; a recording still waiting for its "after"
 *                        video this long past its end ends with what it has
 */
public record ClipSettings(Duration preEvent, long bufferBytes, int maxRecordings, long maxClipBytes,
                           Duration maxClipDuration, Duration before, Duration after, Duration noMediaTimeout) {

    /** 5 s buffers of at most 8 MiB (a 4 Mbit/s main stream holds 16 s); 8 recordings of at most 24 MiB and 60 s. */
    public static ClipSettings defaults() {
        return new ClipSettings(Duration.ofSeconds(5), 8L << 20, 8, 24L << 20, Duration.ofSeconds(60),
                Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofSeconds(5));
    }

    public ClipSettings {
        Objects.requireNonNull(preEvent, "preEvent");
        Objects.requireNonNull(maxClipDuration, "maxClipDuration");
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(noMediaTimeout, "noMediaTimeout");
        if (preEvent.isNegative() || before.isNegative() || after.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative");
        }
        if (bufferBytes < 1 || maxRecordings < 1 || maxClipBytes < bufferBytes) {
            throw new IllegalArgumentException("need bufferBytes >= 1, maxRecordings >= 1 and maxClipBytes >= bufferBytes"
                    + " (a clip holds what the buffer held)");
        }
        if (!maxClipDuration.isPositive() || !noMediaTimeout.isPositive()) {
            throw new IllegalArgumentException("maxClipDuration and noMediaTimeout must be positive");
        }
        if (before.plus(after).compareTo(maxClipDuration) > 0) {
            throw new IllegalArgumentException("before + after exceeds maxClipDuration");
        }
    }

    public ClipSettings withPreEvent(Duration d, long bytes) {
        return new ClipSettings(d, bytes, maxRecordings, Math.max(maxClipBytes, bytes), maxClipDuration, before, after,
                noMediaTimeout);
    }

    public ClipSettings withMaxRecordings(int n) {
        return new ClipSettings(preEvent, bufferBytes, n, maxClipBytes, maxClipDuration, before, after, noMediaTimeout);
    }

    public ClipSettings withNoMediaTimeout(Duration d) {
        return new ClipSettings(preEvent, bufferBytes, maxRecordings, maxClipBytes, maxClipDuration, before, after, d);
    }
}
