package org.citywatch.ingest.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real H.265 mp4 for the tests. No H.265 sample clip exists and JavaCV's FFmpeg has only hardware HEVC encoders
 * (nvenc, qsv, vaapi, vulkan, v4l2m2m), so it is made with GStreamer's x265enc when the machine has it
 * (python3-gi, gstreamer1.0-plugins-bad: the RTSP interop tests need them too). GStreamer's bouncing ball, 320x240
 * at 10 fps, a keyframe every 10 pictures, x265 defaults otherwise.
 */
public final class H265Sample {

    private static final String PIPELINE = "videotestsrc num-buffers=%d pattern=ball"
            + " ! video/x-raw,width=320,height=240,framerate=10/1 ! videoconvert"
            + " ! x265enc key-int-max=10 speed-preset=ultrafast ! h265parse ! mp4mux ! filesink location=";
    private static final String SCRIPT = """
            import sys, gi
            gi.require_version('Gst', '1.0')
            from gi.repository import Gst
            Gst.init(None)
            p = Gst.parse_launch(sys.argv[1] + sys.argv[2])
            p.set_state(Gst.State.PLAYING)
            msg = p.get_bus().timed_pop_filtered(60 * Gst.SECOND, Gst.MessageType.EOS | Gst.MessageType.ERROR)
            p.set_state(Gst.State.NULL)
            sys.exit(0 if msg is not None and msg.type == Gst.MessageType.EOS else 1)
            """;

    private H265Sample() {
    }

    /** An mp4 of {@code pictures} pictures in {@code dir}; empty when GStreamer or x265enc is missing. */
    public static Optional<Path> make(Path dir, int pictures) throws IOException, InterruptedException {
        Path script = Files.writeString(dir.resolve("make-h265.py"), SCRIPT);
        Path mp4 = dir.resolve("ball-h265-" + pictures + ".mp4");
        for (String python : List.of("/usr/bin/python3", "python3")) {
            try {
                Process process = new ProcessBuilder(python, script.toString(), PIPELINE.formatted(pictures),
                        mp4.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("gst.log").toFile()).start();
                if (process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0 && Files.size(mp4) > 0) {
                    return Optional.of(mp4);
                }
                process.destroyForcibly();
            } catch (IOException noSuchPython) {
                // try the next one
            }
        }
        return Optional.empty();
    }
}
