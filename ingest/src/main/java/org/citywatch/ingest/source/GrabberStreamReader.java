package org.citywatch.ingest.source;

import java.util.function.Supplier;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

/**
 * Reads any URL FFmpeg reads (files, HTTP, RTMP, HLS, RTSP) with JavaCV's {@link FFmpegFrameGrabber},
 * decoding to BGR24. A local file can loop at its native frame rate, so that a clip behaves like a live camera; its
 * access units can be handed on too ({@link FileAccessUnits}), in step with its pictures, for evidence clips.
 */
final class GrabberStreamReader implements StreamReader {

    /** Socket I/O timeout so that a silent server does not block a reader forever (microseconds). */
    private static final String IO_TIMEOUT_MICROS = "10000000";

    private final Supplier<String> location;
    private final boolean loop;
    private final FileAccessUnits coded; // null: pictures only
    private FFmpegFrameGrabber grabber;
    private long loopStartNanos;
    private long firstTimestamp = -1;
    private double frameIntervalMicros;

    /**
     * @param location gives the URL or path to open; called in {@link #open()}, so that resolving it (a
     *                 sample clip, say) can fail there and be reported like any other open failure
     * @param loop     play the input again from the start when it ends, paced at its frame rate
     */
    GrabberStreamReader(Supplier<String> location, boolean loop) {
        this(location, loop, null);
    }

    /** @param coded where the file's access units go, in step with its pictures; null for none */
    GrabberStreamReader(Supplier<String> location, boolean loop, FileAccessUnits coded) {
        this.location = location;
        this.loop = loop;
        this.coded = coded;
    }

    @Override
    public void open() throws Exception {
        FfmpegLogBridge.install();
        String url = location.get();
        grabber = new FFmpegFrameGrabber(url);
        grabber.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
        if (url.startsWith("rtsp:") || url.startsWith("rtsps:")) {
            grabber.setOption("rtsp_transport", "tcp");
            grabber.setOption("timeout", IO_TIMEOUT_MICROS);
        } else if (url.contains("://")) {
            grabber.setOption("rw_timeout", IO_TIMEOUT_MICROS);
        }
        grabber.start();
        if (grabber.getImageWidth() <= 0) {
            throw new IllegalStateException("no video stream");
        }
        double fps = grabber.getFrameRate();
        frameIntervalMicros = fps > 0 && fps < 240 ? 1_000_000.0 / fps : 40_000;
        loopStartNanos = System.nanoTime();
        if (coded != null) {
            coded.open(url);
        }
    }

    @Override
    public DecodedFrame next() throws Exception {
        Frame frame = grabber.grabImage();
        if (frame == null && loop) {
            grabber.setTimestamp(0);
            firstTimestamp = -1;
            if (coded != null) {
                coded.rewind();
            }
            // The next loop starts one frame interval after the last frame was due.
            loopStartNanos = System.nanoTime() + (long) (frameIntervalMicros * 1000);
            frame = grabber.grabImage();
        }
        if (frame == null) {
            return null;
        }
        long ts = frame.timestamp;
        if (loop) {
            pace(ts);
        }
        if (coded != null && firstTimestamp >= 0) {
            coded.upTo(ts - firstTimestamp);
        }
        return new DecodedFrame(frame, ts, System.nanoTime());
    }

    /** Sleeps until the frame is due by its timestamp, as a live camera would deliver it. */
    private void pace(long timestampMicros) throws InterruptedException {
        if (firstTimestamp < 0) {
            firstTimestamp = timestampMicros;
        }
        long dueNanos = loopStartNanos + (timestampMicros - firstTimestamp) * 1000;
        long waitNanos = dueNanos - System.nanoTime();
        if (waitNanos > 0) {
            Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
        }
    }

    @Override
    public void close() {
        if (coded != null) {
            coded.close();
        }
        if (grabber != null) {
            try {
                grabber.close();
            } catch (Exception ignored) {
                // Closing a half-open grabber may fail; nothing is left to release then.
            }
            grabber = null;
        }
    }
}
