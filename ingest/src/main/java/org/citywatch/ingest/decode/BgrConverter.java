package org.citywatch.ingest.decode;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.av_free;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import java.nio.Buffer;
import java.nio.ByteBuffer;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacv.Frame;

/**
 * Converts decoded pictures to BGR24 with libswscale, scaling down in the same pass, into one native buffer
 * wrapped in one JavaCV {@link Frame}, both reused for every picture: no large allocation per picture.
 *
 * <p>The layout is FFmpegFrameGrabber's (JavaCV 1.5.13, {@code initPictureRGB}/{@code processImage}), so
 * that JavaCV's converters (OpenCVFrameConverter.ToMat, Java2DFrameConverter) treat both alike: packed BGR
 * rows in {@code image[0]}, {@code imageStride} bytes apart, the row padded to a multiple of 64 pixels
 * (swscale's SIMD code wants aligned rows), the buffer's limit at {@code imageHeight * imageStride},
 * {@code imageDepth} {@link Frame#DEPTH_UBYTE}, 3 channels, and the same SWS_BILINEAR flag: the pixels
 * come out byte for byte the grabber's.
 */
final class BgrConverter implements AutoCloseable {

    private static final int ROW_ALIGN_PIXELS = 64;

    private final int outputWidth;
    private SwsContext scaler;
    private final PointerPointer<?> targetPlanes = new PointerPointer<>(1);
    private final IntPointer targetStrides = new IntPointer(1);
    private BytePointer buffer;
    private long capacity;
    private ByteBuffer view;
    private final Frame frame = new Frame();

    /** @param outputWidth pictures wider than this are scaled down to it, keeping the aspect ratio; 0: never */
    BgrConverter(int outputWidth) {
        this.outputWidth = outputWidth;
        frame.type = Frame.Type.VIDEO;
        frame.imageDepth = Frame.DEPTH_UBYTE;
        frame.imageChannels = 3;
    }

    /**
     * Converts a decoded picture. Returns the reused frame (valid until the next call), or null when
     * swscale cannot read the picture's pixel format.
     */
    Frame convert(AVFrame picture) {
        int width = picture.width();
        int height = picture.height();
        int targetWidth = outputWidth > 0 && outputWidth < width ? outputWidth : width;
        int targetHeight = targetWidth == width ? height
                : Math.max(1, (int) Math.round((double) height * targetWidth / width));
        // Kept while the size and pixel format stay; re-created after a new SPS changes them.
        scaler = sws_getCachedContext(scaler, width, height, picture.format(), targetWidth, targetHeight,
                AV_PIX_FMT_BGR24, SWS_BILINEAR, null, null, (DoublePointer) null);
        if (scaler == null || scaler.isNull()) {
            scaler = null;
            return null;
        }
        int stride = 3 * ((targetWidth + ROW_ALIGN_PIXELS - 1) / ROW_ALIGN_PIXELS * ROW_ALIGN_PIXELS);
        ensureCapacity((long) stride * targetHeight);
        targetStrides.put(0, stride);
        // AVFrame starts with its data[] array: a PointerPointer at the frame is the planes swscale reads.
        sws_scale(scaler, new PointerPointer<>(picture), picture.linesize(), 0, height, targetPlanes, targetStrides);

        view.clear().limit(stride * targetHeight); // a consumer may have moved position or limit
        frame.imageWidth = targetWidth;
        frame.imageHeight = targetHeight;
        frame.imageStride = stride;
        return frame;
    }

    /** Grows the buffer when a picture needs more; a smaller picture reuses the larger buffer. */
    private void ensureCapacity(long size) {
        if (size <= capacity) {
            return;
        }
        if (buffer != null) {
            av_free(buffer);
        }
        buffer = new BytePointer(av_malloc(size)).capacity(size);
        capacity = size;
        view = buffer.asByteBuffer();
        frame.image = new Buffer[] {view};
        targetPlanes.put(0, buffer);
    }

    @Override
    public void close() {
        if (scaler != null) {
            sws_freeContext(scaler);
            scaler = null;
        }
        if (buffer != null) {
            av_free(buffer);
            buffer = null;
        }
        targetPlanes.close();
        targetStrides.close();
        frame.image = null;
        view = null;
    }
}
