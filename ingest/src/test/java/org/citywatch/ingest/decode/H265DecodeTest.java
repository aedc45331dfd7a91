package org.citywatch.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.citywatch.ingest.rtp.AccessUnit;
import org.citywatch.ingest.rtp.VideoCodec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * H.265. No H.265 sample clip exists and JavaCV's FFmpeg has only hardware HEVC encoders (nvenc, qsv,
 * vaapi, vulkan, v4l2m2m), so a real stream is made with GStreamer's x265enc when the machine has it (the
 * RTSP interop tests need it too); without it only the garbage test runs.
 */
class H265DecodeTest {

    /** 40 pictures of GStreamer's bouncing ball, 320x240 at 10 fps, a keyframe every 10, x265 defaults. */
    private static final String PIPELINE = "videotestsrc num-buffers=40 pattern=ball"
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

    @TempDir
    static Path dir;
    static Path clip;

    @BeforeAll
    static void makeClip() throws Exception {
        Path script = Files.writeString(dir.resolve("make-h265.py"), SCRIPT);
        Path mp4 = dir.resolve("ball-h265.mp4");
        for (String python : List.of("/usr/bin/python3", "python3")) {
            try {
                Process process = new ProcessBuilder(python, script.toString(), PIPELINE, mp4.toString())
                        .redirectErrorStream(true).redirectOutput(dir.resolve("gst.log").toFile()).start();
                if (process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0 && Files.size(mp4) > 0) {
                    clip = mp4;
                    return;
                }
                process.destroyForcibly();
            } catch (java.io.IOException noSuchPython) {
                // try the next one
            }
        }
    }

    @Test
    void decodesARealH265StreamAsTheGrabberDoes() throws Exception {
        assumeThat(clip).as("GStreamer with x265enc (python3-gi, gstreamer1.0-plugins-bad)").isNotNull();
        List<AccessUnit> units = Mp4AccessUnits.read(clip);
        assertThat(units).hasSize(40).allMatch(au -> au.codec() == VideoCodec.H265);
        try (GrabberReference reference = new GrabberReference(clip);
             VideoDecoder decoder = new VideoDecoder(VideoCodec.H265, new DecodePolicy.All())) {
            units.forEach(au -> decoder.decode(au, reference::compare));
            decoder.flush(reference::compare);
            assertThat(decoder.framesEmitted()).isEqualTo(40).isEqualTo(reference.total());
            assertThat(reference.identical).isEqualTo(40);
            assertThat(decoder.decodeErrors()).isZero();
        }
    }

    @Test
    void decodesH265KeyframesAlone() throws Exception {
        assumeThat(clip).as("GStreamer with x265enc (python3-gi, gstreamer1.0-plugins-bad)").isNotNull();
        List<AccessUnit> units = Mp4AccessUnits.read(clip);
        long keyframes = units.stream().filter(AccessUnit::keyframe).count();
        assertThat(keyframes).isGreaterThanOrEqualTo(4);
        try (GrabberReference reference = new GrabberReference(clip);
             VideoDecoder decoder = new VideoDecoder(VideoCodec.H265, new DecodePolicy.KeyframesEvery(Duration.ZERO))) {
            units.forEach(au -> decoder.decode(au, f -> assertThat(reference.compare(f).keyFrame).isTrue()));
            assertThat(decoder.framesEmitted()).isEqualTo(keyframes);
            assertThat(reference.identical).isEqualTo((int) keyframes);
        }
    }

    @Test
    void opensAndCountsGarbageWithoutThrowing() {
        // Random bytes alone are mostly NAL unit types the decoder ignores without a word; a slice header of
        // an IDR picture (type 19) with random bytes after it refers to parameter sets never seen: an error.
        Random random = new Random(42);
        try (VideoDecoder decoder = new VideoDecoder(VideoCodec.H265, DecodePolicy.thumbnailDefault())) {
            decoder.setPolicy(new DecodePolicy.All());
            for (int i = 0; i < 10; i++) {
                byte[] garbage = new byte[3000];
                random.nextBytes(garbage);
                if (i % 2 == 0) {
                    System.arraycopy(new byte[] {0, 0, 0, 1, 19 << 1, 1}, 0, garbage, 0, 6);
                }
                decoder.decode(new AccessUnit(VideoCodec.H265, i * 9000L, i * 100_000L, i % 2 == 0, garbage, 0),
                        f -> { throw new AssertionError("no picture expected from garbage"); });
            }
            decoder.flush(f -> { throw new AssertionError("no picture expected from garbage"); });
            assertThat(decoder.unitsFed()).isPositive();
            assertThat(decoder.decodeErrors()).isPositive();
            assertThat(decoder.framesEmitted()).isZero();
        }
    }
}
