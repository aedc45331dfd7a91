package org.citywatch.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.zip.CRC32;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.citywatch.ingest.source.DecodedFrame;

/**
 * The reference pictures: the same clip decoded by JavaCV's {@link FFmpegFrameGrabber} in BGR24, walked
 * forward in step with a {@link VideoDecoder}, each of whose frames is compared with the grabber's frame
 * of the same presentation time (both counted from the clip's first picture).
 */
final class GrabberReference implements AutoCloseable {

    private final FFmpegFrameGrabber grabber;
    private long firstTimestamp = Long.MIN_VALUE;
    private int index = -1;
    private Frame current;

    int compared;
    int identical;
    double minPsnr = Double.POSITIVE_INFINITY;

    /** The grabber at the clip's size. */
    GrabberReference(Path clip) throws Exception {
        this(clip, 0, 0);
    }

    /** The grabber scaling to width x height (0 x 0: the clip's size), as VideoDecoder's outputWidth does. */
    GrabberReference(Path clip, int width, int height) throws Exception {
        grabber = new FFmpegFrameGrabber(clip.toString());
        grabber.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
        if (width > 0) {
            grabber.setImageWidth(width);
            grabber.setImageHeight(height);
        }
        grabber.start();
    }

    /** The grabber's frame with this presentation time (from the clip's start); fails when there is none. */
    Frame at(long relativeMicros) throws Exception {
        while (current == null || relative(current) < relativeMicros) {
            next();
        }
        assertThat(relative(current)).as("grabber frame at %d us", relativeMicros).isEqualTo(relativeMicros);
        return current;
    }

    /** The grabber's next frame. */
    Frame next() throws Exception {
        current = grabber.grabImage();
        assertThat(current).isNotNull();
        index++;
        if (firstTimestamp == Long.MIN_VALUE) {
            firstTimestamp = current.timestamp;
        }
        return current;
    }

    /** Index (in presentation order) of the frame last returned. */
    int index() {
        return index;
    }

    /** Reads to the end: how many frames the clip has. */
    int total() throws Exception {
        while (grabber.grabImage() != null) {
            index++;
        }
        return index + 1;
    }

    /** Compares a decoder frame with the grabber's frame of the same time, and returns that frame. */
    Frame compare(DecodedFrame mine) {
        try {
            Frame reference = at(mine.timestampMicros());
            assertThat(mine.width()).isEqualTo(reference.imageWidth);
            assertThat(mine.height()).isEqualTo(reference.imageHeight);
            double psnr = psnr(compact(mine.frame()), compact(reference));
            compared++;
            if (psnr == Double.POSITIVE_INFINITY) {
                identical++;
            }
            minPsnr = Math.min(minPsnr, psnr);
            return reference;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private long relative(Frame frame) {
        return frame.timestamp - firstTimestamp;
    }

    /** The BGR bytes of a frame without the row padding. */
    static byte[] compact(Frame frame) {
        ByteBuffer image = (ByteBuffer) frame.image[0];
        int row = frame.imageWidth * 3;
        byte[] out = new byte[row * frame.imageHeight];
        for (int y = 0; y < frame.imageHeight; y++) {
            image.get(y * frame.imageStride, out, y * row, row);
        }
        return out;
    }

    static long crc(Frame frame) {
        CRC32 crc = new CRC32();
        crc.update(compact(frame));
        return crc.getValue();
    }

    /** Peak signal-to-noise ratio in dB; infinite for identical pictures. */
    static double psnr(byte[] a, byte[] b) {
        assertThat(a).hasSameSizeAs(b);
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            int d = (a[i] & 0xFF) - (b[i] & 0xFF);
            sum += d * d;
        }
        return sum == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 * a.length / sum);
    }

    @Override
    public void close() throws FrameGrabber.Exception {
        grabber.close();
    }
}
