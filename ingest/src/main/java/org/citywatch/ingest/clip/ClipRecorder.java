package org.citywatch.ingest.clip;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.citywatch.ingest.camera.Camera;
import org.citywatch.ingest.clip.ClipException.Reason;
import org.citywatch.ingest.media.MediaHub;
import org.citywatch.ingest.media.MediaTap;
import org.citywatch.ingest.rtp.AccessUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evidence clips: a short MP4 around "now" for a camera, a few seconds from before (its pre-event buffer) and a few
 * after, remuxed from the camera's access units, never re-encoded.
 *
 * <p><b>Feed.</b> The recorder is a {@link MediaTap} of the {@link MediaHub}: every access unit of every camera
 * reaches {@link #onAccessUnit} on the ingest thread that received it, and is kept only for cameras switched on
 * with {@link #keep} (the app does it for analysed cameras). A {@link MediaHub#subscribe} feed was the other way:
 * it would need a thread to drain each camera's queue, and its queue drops single units when behind, which would
 * leave holes in the middle of a group of pictures that no clip could decode past. The pre-event buffer is itself
 * the bounded hand-off: a unit is appended under the camera's own lock (held elsewhere only to copy references),
 * and whole groups of pictures are dropped past its time and byte caps. So the ingest thread never waits for
 * anything but a list operation.
 *
 * <p><b>Clock.</b> "Now", "before" and "after" are measured on the camera's own clock (the units' presentation
 * times), not the wall clock: a clip spans exactly what was asked of the stream whatever the network jitter, and
 * tests can feed a minute of video in a blink, deterministically. The wall clock only guards the end: a recording
 * still waiting for its "after" video {@code noMediaTimeout} after it was due ends with what it has.
 *
 * <p><b>Bounds.</b> At most {@code maxRecordings} recordings (collecting or writing) at once, each capped in bytes
 * and span; one buffer per kept camera capped in time and bytes. MP4 files are written by two writer threads,
 * never on an ingest thread.
 */
public final class ClipRecorder implements MediaTap, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClipRecorder.class);
    /** Writing a clip takes a few milliseconds to tens of them: two threads keep one slow disk from stopping all. */
    private static final int WRITER_THREADS = 2;

    private final ClipSettings settings;
    private final MediaHub media;
    private final Map<String, CameraClips> cameras = new ConcurrentHashMap<>();
    /** Cameras that sent coded video to this node (to tell an unknown camera from one whose buffer is off). */
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    /** Cameras whose source said it gives no access units, and why (a file in another codec, a network URL). */
    private final Map<String, String> noAccessUnits = new ConcurrentHashMap<>();
    private final Semaphore slots;
    private final ScheduledThreadPoolExecutor writers;
    private volatile boolean closed;

    /** A recorder fed by {@code media}'s access units (it becomes one of its taps until {@link #close}). */
    public ClipRecorder(MediaHub media, ClipSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.media = Objects.requireNonNull(media, "media");
        this.slots = new Semaphore(settings.maxRecordings());
        this.writers = new ScheduledThreadPoolExecutor(WRITER_THREADS,
                Thread.ofPlatform().daemon().name("clip-writer-", 0).factory());
        writers.setRemoveOnCancelPolicy(true); // deadlines of clips that completed in time do not pile up
        writers.setExecuteExistingDelayedTasksAfterShutdownPolicy(false); // close() ends the recordings itself
        media.addTap(this);
    }

    public ClipRecorder(MediaHub media) {
        this(media, ClipSettings.defaults());
    }

    public ClipSettings settings() {
        return settings;
    }

    /**
     * Keeps a pre-event buffer for the camera from now on, or stops and frees it. Recordings in progress go on.
     * Forgotten with the camera ({@link MediaHub#remove}), as its decode policy is.
     */
    public void keep(String cameraId, boolean on) {
        if (on) {
            cameras.compute(cameraId, (id, c) -> {
                CameraClips clips = c != null ? c : new CameraClips(id, settings);
                clips.keep(true);
                return clips;
            });
        } else {
            CameraClips c = cameras.get(cameraId);
            if (c != null) {
                c.keep(false);
                forgetIfIdle(cameraId);
            }
        }
    }

    public boolean keeps(String cameraId) {
        CameraClips c = cameras.get(cameraId);
        return c != null && c.kept();
    }

    @Override
    public void onAccessUnit(Camera camera, AccessUnit unit) {
        String id = camera.id();
        seen.add(id);
        if (!noAccessUnits.isEmpty()) {
            noAccessUnits.remove(id); // the camera's source changed and now gives them
        }
        CameraClips c = cameras.get(id);
        if (c == null) {
            return; // neither kept nor recording: the cost of a camera nobody wants clips of is two lookups
        }
        for (Recording done : c.onUnit(unit)) {
            finish(done);
        }
    }

    @Override
    public void noAccessUnits(Camera camera, String reason) {
        noAccessUnits.put(camera.id(), reason);
    }

    @Override
    public void cameraRemoved(String cameraId) {
        seen.remove(cameraId);
        noAccessUnits.remove(cameraId);
        CameraClips c = cameras.remove(cameraId);
        if (c != null) {
            for (Recording r : c.endAll("the camera was removed")) {
                finish(r);
            }
        }
    }

    /** {@link #record(String, Duration, Duration, Path)} with the settings' before and after: the {@code ClipMaker}. */
    public CompletableFuture<Path> record(String cameraId, Path file) {
        return record(cameraId, settings.before(), settings.after(), file);
    }

    /**
     * Records the camera from a keyframe at or before {@code before} ago (or the oldest it holds) to {@code after}
     * from now (when it holds no keyframe yet: from its next keyframe, {@code before + after} long), into {@code file} (replaced when it exists). Returns at once; the future completes with
     * {@code file} once it is written, or fails with a {@link ClipException} saying why. A recording cut short
     * (the camera removed or restarted, a cap reached, the camera silent) still gives its clip, and logs why.
     */
    public CompletableFuture<Path> record(String cameraId, Duration before, Duration after, Path file) {
        Objects.requireNonNull(cameraId, "cameraId");
        Objects.requireNonNull(file, "file");
        if (before.isNegative() || after.isNegative() || before.plus(after).compareTo(settings.maxClipDuration()) > 0) {
            return failed(Reason.INVALID_REQUEST, "camera " + cameraId + ": a clip of " + before.toMillis() + " ms before"
                    + " and " + after.toMillis() + " ms after is not allowed (each >= 0, at most "
                    + settings.maxClipDuration().toSeconds() + " s together)");
        }
        if (closed) {
            return failed(Reason.CLOSED, "camera " + cameraId + ": the clip recorder is closed");
        }
        if (!slots.tryAcquire()) {
            return failed(Reason.TOO_MANY, "camera " + cameraId + ": already " + settings.maxRecordings()
                    + " clip recordings at once, the most allowed; this one was not made");
        }
        Recording r;
        try {
            r = start(cameraId, before, after, file);
        } catch (ClipException e) {
            slots.release();
            return CompletableFuture.failedFuture(e);
        }
        r.future.whenComplete((path, error) -> slots.release());
        if (after.isZero() && !r.waitingForKeyframe()) {
            end(r, null);
        } else {
            try {
                // A clip waiting for its first keyframe may wait up to the longest clip for it.
                Duration wait = r.waitingForKeyframe() ? settings.maxClipDuration().plus(after) : after;
                long dueNanos = wait.plus(settings.noMediaTimeout()).toNanos();
                r.deadline = writers.schedule(() -> end(r, "no video came for its end"), dueNanos, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException closing) {
                end(r, "the clip recorder closed");
            }
        }
        return r.future;
    }

    private Recording start(String cameraId, Duration before, Duration after, Path file) {
        String none = noAccessUnits.get(cameraId);
        if (none != null) {
            throw new ClipException(Reason.UNSUPPORTED_CODEC, "camera " + cameraId + " gives no clips: " + none);
        }
        CameraClips c = cameras.get(cameraId);
        if (c == null || !c.kept()) {
            String unknown = "camera " + cameraId + " is unknown here: it sent no coded video to this node"
                    + " (clips need an RTSP camera or a local H.264/H.265 file)";
            throw new ClipException(seen.contains(cameraId) ? Reason.BUFFER_OFF : Reason.UNKNOWN_CAMERA,
                    seen.contains(cameraId) ? "camera " + cameraId + ": its pre-event buffer is off (clips are kept"
                            + " for analysed cameras only)" : unknown);
        }
        return c.start(before.toNanos() / 1000, after.toNanos() / 1000, file);
    }

    /** Ends a recording early (its deadline, no video to wait for) if it is still collecting. */
    private void end(Recording r, String why) {
        CameraClips c = cameras.get(r.cameraId);
        boolean collecting = c != null && c.remove(r);
        if (c != null && !collecting) {
            return; // it completed in the meantime: being written already
        }
        // Without its camera (removed, or the recorder closed) it has been ended already, unless it started in the
        // very moment of closing: finish() does it once either way.
        if (why != null && collecting) {
            r.cutShort(why);
        }
        finish(r);
        forgetIfIdle(r.cameraId);
    }

    /** Hands a complete recording to a writer thread, once. */
    private void finish(Recording r) {
        if (!r.finish()) {
            return;
        }
        try {
            writers.execute(() -> write(r));
        } catch (RejectedExecutionException e) {
            r.future.completeExceptionally(new ClipException(Reason.CLOSED, "camera " + r.cameraId
                    + ": the clip recorder closed before the clip was written"));
        }
    }

    private void write(Recording r) {
        if (r.units().isEmpty()) { // waited for a keyframe that never came
            r.future.completeExceptionally(new ClipException(Reason.NO_KEYFRAME, "camera " + r.cameraId
                    + ": no keyframe came to start the clip from" + (r.cutShort() == null ? "" : " (" + r.cutShort()
                    + ")")));
            forgetIfIdle(r.cameraId);
            return;
        }
        try {
            Mp4Remuxer.write(r.units(), r.file);
            if (r.cutShort() != null) {
                log.info("Camera {}: clip {} cut short at {} s ({} pictures): {}", r.cameraId, r.file.getFileName(),
                        String.format(java.util.Locale.ROOT, "%.1f", r.spanMicros() / 1e6), r.units().size(),
                        r.cutShort());
            }
            r.future.complete(r.file);
        } catch (IOException | RuntimeException e) {
            log.warn("Camera {}: clip {} could not be written: {}", r.cameraId, r.file, e.getMessage());
            r.future.completeExceptionally(new ClipException(Reason.WRITE_FAILED, "camera " + r.cameraId
                    + ": the clip could not be written to " + r.file + ": " + e.getMessage(), e));
        } finally {
            forgetIfIdle(r.cameraId);
        }
    }

    private void forgetIfIdle(String cameraId) {
        cameras.computeIfPresent(cameraId, (id, c) -> c.idle() ? null : c);
    }

    /** Bytes held in the camera's pre-event buffer (0 when off). */
    public long bufferedBytes(String cameraId) {
        CameraClips c = cameras.get(cameraId);
        return c == null ? 0 : c.bufferedBytes();
    }

    /** The span of video the camera's buffer holds, oldest keyframe to newest unit. */
    public Duration buffered(String cameraId) {
        CameraClips c = cameras.get(cameraId);
        return Duration.ofNanos(c == null ? 0 : c.bufferedMicros() * 1000);
    }

    /** Times the camera's buffer dropped a group of pictures for its byte cap. */
    public long bufferOverflows(String cameraId) {
        CameraClips c = cameras.get(cameraId);
        return c == null ? 0 : c.overflows();
    }

    /** Recordings collecting or being written. */
    public int recordings() {
        return settings.maxRecordings() - slots.availablePermits();
    }

    /** Stops taking units; recordings in progress end with what they have, written before this returns (5 s at most). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        media.removeTap(this);
        for (Map.Entry<String, CameraClips> e : cameras.entrySet()) {
            for (Recording r : e.getValue().endAll("the clip recorder closed")) {
                finish(r);
            }
        }
        cameras.clear();
        writers.shutdown();
        try {
            if (!writers.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("Clip writers still busy 5 s after close; left to finish on their own");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static CompletableFuture<Path> failed(Reason reason, String message) {
        return CompletableFuture.failedFuture(new ClipException(reason, message));
    }
}
