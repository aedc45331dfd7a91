package org.citywatch.bench.farm;

import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_log_get_level;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;

import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * Re-encodes a sample clip once into what a typical camera sub-stream sends: H.264 (OpenH264, constrained
 * baseline, one slice per picture), 640x360, 10 fps, about 300 kbit/s, a keyframe every second. When the
 * bundled FFmpeg has no H.264 encoder, the farm serves the clip's own H.264 as it is, and says so.
 */
public final class ClipEncoder {

    public static final int WIDTH = 640;
    public static final int HEIGHT = 360;
    public static final int FPS = 10;
    public static final int BITRATE = 300_000;
    public static final int GOP = 10;
    private static final String ENCODER = "libopenh264";

    /** What the farm serves, and how it came to be. */
    public record Result(Path file, String description) {
    }

    private ClipEncoder() {
    }

    /** Encodes {@code source} into {@code target}; falls back to {@code source} itself without an encoder. */
    public static Result encode(Path source, Path target) throws Exception {
        AVCodec codec = avcodec_find_encoder_by_name(ENCODER);
        if (codec == null || codec.isNull()) {
            return new Result(source, "the sample clip's own H.264 as it is (FFmpeg has no " + ENCODER + " encoder)");
        }
        int frames = 0;
        int logLevel = av_log_get_level();
        av_log_set_level(AV_LOG_ERROR); // the encoder's banner and warnings would drown the bench's summary
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(source.toFile())) {
            grabber.start();
            try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(target.toFile(), WIDTH, HEIGHT, 0)) {
                recorder.setFormat("mp4");
                recorder.setVideoCodecName(ENCODER);
                recorder.setPixelFormat(AV_PIX_FMT_YUV420P);
                recorder.setFrameRate(FPS);
                recorder.setVideoBitrate(BITRATE);
                recorder.setGopSize(GOP);
                recorder.setVideoOption("rc_mode", "bitrate");
                recorder.setVideoOption("slices", "1");
                recorder.start();
                Frame frame;
                // The samples are 10 fps already: every picture is kept, one per 100 ms.
                while ((frame = grabber.grabImage()) != null) {
                    recorder.record(frame);
                    frames++;
                }
                recorder.stop();
            }
        } finally {
            av_log_set_level(logLevel);
        }
        if (frames == 0) {
            throw new IllegalStateException("no pictures in " + source);
        }
        return new Result(target, String.format(java.util.Locale.ROOT,
                "%s re-encoded with %s: %dx%d, %d fps, %d kbit/s target, keyframe every %d pictures, %d pictures",
                source.getFileName(), ENCODER, WIDTH, HEIGHT, FPS, BITRATE / 1000, GOP, frames));
    }
}
