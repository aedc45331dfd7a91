package org.citywatch.ingest.source;

import org.bytedeco.javacv.Frame;

/**
 * A decoded picture in BGR24, as FFmpeg hands it over.
 *
 * <p>The frame's buffers belong to the decoder and are reused for the next frame: a consumer that keeps
 * anything must copy it during {@link FrameSink#onFrame}.
 *
 * @param frame           the picture (image[0] holds packed BGR24 rows of {@code imageStride} bytes)
 * @param timestampMicros presentation time in the stream
 * @param receivedNanos   {@link System#nanoTime()} when it was decoded
 */
public record DecodedFrame(Frame frame, long timestampMicros, long receivedNanos) {

    public int width() {
        return frame.imageWidth;
    }

    public int height() {
        return frame.imageHeight;
    }
}
