package org.citywatch.ingest.source;

import org.citywatch.ingest.camera.Camera;
import org.citywatch.ingest.media.AnnexBDemuxer;
import org.citywatch.ingest.media.MediaHub;
import org.citywatch.ingest.rtp.AccessUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coded side of a file camera: {@link GrabberStreamReader} decodes the file with FFmpegFrameGrabber, which keeps
 * its packets to itself, so the same file is demuxed a second time ({@link AnnexBDemuxer}) and its access units go
 * to the hub's taps (the clip recorder) in step with the pictures: each unit once the picture of its presentation
 * time is shown. Demuxing costs a small fraction of the decoding the grabber does anyway, and leaves that decoding
 * exactly as it was. Any failure here only ends the coded side (logged once); the pictures go on.
 */
final class FileAccessUnits implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FileAccessUnits.class);

    private final Camera camera;
    private final MediaHub media;
    private AnnexBDemuxer demuxer;
    private AccessUnit pending;
    private long loopStartPts;

    FileAccessUnits(Camera camera, MediaHub media) {
        this.camera = camera;
        this.media = media;
    }

    /** Opens the file's video; one whose codec gives no access units is reported to the taps. */
    void open(String path) {
        close();
        try {
            demuxer = AnnexBDemuxer.open(path);
            pending = demuxer.next();
            loopStartPts = pending == null ? 0 : pending.ptsMicros();
        } catch (UnsupportedOperationException e) {
            log.info("Camera {}: no clips from this file: {}", camera.id(), e.getMessage());
            media.noAccessUnits(camera, e.getMessage());
            close();
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    /** Hands on every unit whose presentation time, from the loop's start, is at most {@code micros}. */
    void upTo(long micros) {
        try {
            while (demuxer != null && pending != null && pending.ptsMicros() - loopStartPts <= micros) {
                media.tapOnly(camera, pending);
                pending = demuxer.next();
            }
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    /** The file starts again: the rest of this loop goes on first, then the clock runs on (no restart). */
    void rewind() {
        try {
            if (demuxer == null) {
                return;
            }
            while (pending != null) {
                media.tapOnly(camera, pending);
                pending = demuxer.next();
            }
            demuxer.rewind();
            pending = demuxer.next();
            loopStartPts = pending == null ? 0 : pending.ptsMicros();
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    private void fail(RuntimeException e) {
        log.warn("Camera {}: its access units cannot be read, so it gives no clips ({}); its pictures go on",
                camera.id(), e.getMessage());
        media.noAccessUnits(camera, "its access units cannot be read: " + e.getMessage());
        close();
    }

    @Override
    public void close() {
        if (demuxer != null) {
            demuxer.close();
            demuxer = null;
        }
        pending = null;
    }
}
