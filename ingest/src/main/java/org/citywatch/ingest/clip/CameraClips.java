package org.citywatch.ingest.clip;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.citywatch.ingest.clip.ClipException.Reason;
import org.citywatch.ingest.rtp.AccessUnit;
import org.citywatch.ingest.rtp.VideoCodec;

/**
 * What the recorder holds for one camera: its pre-event buffer (while kept) and its recordings in progress, fed
 * from the ingest thread. Every method holds this object's lock only for list work, never for I/O.
 */
final class CameraClips {

    /**
     * Leading pictures (open GOPs, H.265 CRA) may come a little before their keyframe in presentation time; a unit
     * further back than this belongs to a stream that started again.
     */
    private static final long LEADING_TOLERANCE_MICROS = 1_000_000;

    private final String cameraId;
    private final ClipSettings settings;
    private PreEventBuffer buffer; // null while not kept
    private final List<Recording> recordings = new ArrayList<>();
    private VideoCodec codec;
    private long lastKeyPts = Long.MIN_VALUE;
    private long newestPts = Long.MIN_VALUE;
    private long lastArrivalNanos;
    private long unitsSinceKept;

    CameraClips(String cameraId, ClipSettings settings) {
        this.cameraId = cameraId;
        this.settings = settings;
    }

    /** Turns the pre-event buffer on or off; off frees it at once (recordings in progress go on). */
    synchronized void keep(boolean on) {
        if (on && buffer == null) {
            buffer = new PreEventBuffer(settings.preEvent().toNanos() / 1000, settings.bufferBytes());
            unitsSinceKept = 0;
        } else if (!on) {
            buffer = null;
        }
    }

    synchronized boolean kept() {
        return buffer != null;
    }

    /** Nothing kept and nothing recording: the recorder may forget it. */
    synchronized boolean idle() {
        return buffer == null && recordings.isEmpty();
    }

    /**
     * Takes a unit of the camera; returns the recordings it completed, removed from this camera (also those cut short
     * because the stream started again: a reconnect, whose clock starts over).
     */
    synchronized List<Recording> onUnit(AccessUnit au) {
        lastArrivalNanos = System.nanoTime();
        List<Recording> done = List.of();
        if (restarted(au)) {
            if (buffer != null) {
                buffer.clear();
            }
            newestPts = Long.MIN_VALUE;
            lastKeyPts = Long.MIN_VALUE;
            done = endAll("the camera's stream started again");
        }
        codec = au.codec();
        newestPts = Math.max(newestPts, au.ptsMicros());
        if (au.keyframe()) {
            lastKeyPts = au.ptsMicros();
        }
        if (buffer != null) {
            unitsSinceKept++;
            buffer.add(au);
        }
        if (recordings.isEmpty()) {
            return done;
        }
        List<Recording> completed = new ArrayList<>(done);
        for (var it = recordings.iterator(); it.hasNext(); ) {
            Recording r = it.next();
            if (r.offer(au)) {
                it.remove();
                completed.add(r);
            }
        }
        return completed;
    }

    /** A new session (its clock starts over) or another codec: what was kept cannot go in the same clip. */
    private boolean restarted(AccessUnit au) {
        if (codec == null || lastKeyPts == Long.MIN_VALUE) {
            return codec != null && codec != au.codec();
        }
        if (codec != au.codec()) {
            return true;
        }
        return au.keyframe() ? au.ptsMicros() <= lastKeyPts : au.ptsMicros() < lastKeyPts - LEADING_TOLERANCE_MICROS;
    }

    /**
     * Starts a recording of {@code beforeMicros} before the newest unit and {@code afterMicros} after it.
     *
     * @throws ClipException when the buffer has nothing to start from
     */
    synchronized Recording start(long beforeMicros, long afterMicros, Path file) {
        if (buffer == null) {
            throw new ClipException(Reason.BUFFER_OFF, "camera " + cameraId + ": its pre-event buffer is off"
                    + " (clips are kept for analysed cameras only)");
        }
        if (unitsSinceKept == 0) {
            throw new ClipException(Reason.NO_MEDIA, "camera " + cameraId
                    + ": no video received since its pre-event buffer was switched on");
        }
        long silentNanos = System.nanoTime() - lastArrivalNanos;
        if (silentNanos > settings.noMediaTimeout().toNanos()) {
            throw new ClipException(Reason.NO_MEDIA, String.format(java.util.Locale.ROOT,
                    "camera %s: no video for %.1f s", cameraId, silentNanos / 1e9));
        }
        if (!Mp4Remuxer.supports(codec)) {
            throw new ClipException(Reason.UNSUPPORTED_CODEC, "camera " + cameraId + ": " + codec
                    + " cannot be remuxed into MP4");
        }
        long maxSpan = settings.maxClipDuration().toNanos() / 1000;
        Recording r = buffer.hasKeyframe()
                ? new Recording(cameraId, file, buffer.from(newestPts - beforeMicros), newestPts + afterMicros,
                        settings.maxClipBytes(), maxSpan)
                : Recording.fromNextKeyframe(cameraId, file, beforeMicros + afterMicros, settings.maxClipBytes(),
                        maxSpan);
        recordings.add(r);
        return r;
    }

    /** Takes a recording off the camera (its deadline passed); false when it had already completed. */
    synchronized boolean remove(Recording r) {
        return recordings.remove(r);
    }

    /** Ends every recording in progress (the camera was removed, the recorder closed), marked with why. */
    synchronized List<Recording> endAll(String why) {
        List<Recording> out = new ArrayList<>(recordings);
        recordings.clear();
        out.forEach(r -> r.cutShort(why));
        return out;
    }

    synchronized long bufferedBytes() {
        return buffer == null ? 0 : buffer.bytes();
    }

    synchronized int bufferedUnits() {
        return buffer == null ? 0 : buffer.units();
    }

    /** Presentation time the buffer reaches back over, newest unit to oldest keyframe, in microseconds. */
    synchronized long bufferedMicros() {
        return buffer == null || !buffer.hasKeyframe() ? 0 : newestPts - buffer.oldestKeyPts();
    }

    synchronized long overflows() {
        return buffer == null ? 0 : buffer.overflows();
    }
}
