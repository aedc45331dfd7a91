package org.citywatch.analytics.tamper;

import static org.bytedeco.opencv.global.opencv_core.BORDER_REFLECT;
import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_core.randn;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.warpAffine;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.indexer.DoubleIndexer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.citywatch.assets.AssetResolver;
import org.citywatch.assets.SampleMedia;

/** A sample clip seen once a second (as the tamper checks look at a camera), and ways to spoil a frame. */
final class ViewFrames {

    private ViewFrames() {
    }

    /** One frame per second of the clip, each its own copy. */
    static List<Mat> perSecond(String clip) throws Exception {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        List<Mat> out = new ArrayList<>();
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(AssetResolver.fromEnvironment()
                .resolve(SampleMedia.get(clip)).toString());
             OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
            g.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
            g.start();
            long next = 0;
            Frame f;
            while ((f = g.grabImage()) != null) {
                if (f.timestamp >= next) {
                    next += 1_000_000;
                    out.add(converter.convert(f).clone());
                }
            }
            g.stop();
        }
        return out;
    }

    static Mat black(Mat like) {
        return new Mat(like.size(), like.type(), new Scalar(0, 0, 0, 0));
    }

    /** A cloth over the lens: a light, even grey with a little sensor noise. */
    static Mat covered(Mat like) {
        Mat m = new Mat(like.size(), like.type(), new Scalar(150, 150, 150, 0));
        try (Mat mean = new Mat(1, 1, CV_64F, new Scalar(150)); Mat sd = new Mat(1, 1, CV_64F, new Scalar(2))) {
            randn(m, mean, sd);
        }
        return m;
    }

    /** Defocused. */
    static Mat blurred(Mat frame) {
        Mat out = new Mat();
        try (Size none = new Size(0, 0)) {
            GaussianBlur(frame, out, none, 6);
        }
        return out;
    }

    /** The camera turned: the picture moved by a share of its width (and a little down). */
    static Mat shifted(Mat frame, double share) {
        Mat out = new Mat();
        try (Mat m = new Mat(2, 3, CV_64F); DoubleIndexer at = m.createIndexer()) {
            at.put(0, 0, 1);
            at.put(0, 2, share * frame.cols());
            at.put(1, 1, 1);
            at.put(1, 2, 0.05 * frame.rows());
            warpAffine(frame, out, m, frame.size(), INTER_LINEAR, BORDER_REFLECT, new Scalar());
        }
        return out;
    }

    static void close(List<Mat> frames) {
        if (frames != null) {
            frames.forEach(Mat::close);
        }
    }
}
