package org.citywatch.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.citywatch.ingest.rtp.AccessUnit;
import org.citywatch.ingest.rtp.VideoCodec;
import org.citywatch.ingest.testing.H265Sample;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** H.265, from a clip GStreamer makes ({@link H265Sample}); without GStreamer only the garbage test runs. */
class H265DecodeTest {

    @TempDir
    static Path dir;
    static Path clip;

    @BeforeAll
    static void makeClip() throws Exception {
        clip = H265Sample.make(dir, 40).orElse(null);
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
