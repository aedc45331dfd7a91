package org.citywatch.analytics.motion;

import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.citywatch.assets.AssetResolver;
import org.citywatch.assets.SampleMedia;

/** A sample clip decoded to BGR and thinned to a frame rate, as the pipeline's per-camera rate limit does. */
final class SampledClip {

    /** One kept frame: the Mat is the decoder's buffer, valid only during the call. */
    interface Visitor {
        void frame(int index, long micros, Mat bgr) throws Exception;
    }

    private SampledClip() {
    }

    static Path resolve(String file) {
        return AssetResolver.fromEnvironment().resolve(SampleMedia.get(file));
    }

    /** Visits the frames of the clip taken at most {@code fps} per second (by presentation time); their count. */
    static int visit(String file, double fps, Visitor visitor) throws Exception {
        long interval = Math.round(1_000_000 / fps);
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(resolve(file).toString());
             OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
            grabber.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
            grabber.start();
            long first = Long.MIN_VALUE;
            long next = 0;
            int kept = 0;
            Frame f;
            while ((f = grabber.grabImage()) != null) {
                if (first == Long.MIN_VALUE) {
                    first = f.timestamp;
                }
                long t = f.timestamp - first;
                if (t < next) {
                    continue;
                }
                while (next <= t) {
                    next += interval;
                }
                Mat bgr = converter.convert(f);
                visitor.frame(kept++, t, bgr);
            }
            grabber.stop();
            return kept;
        }
    }
}
