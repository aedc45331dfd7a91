package org.citywatch.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacv.Frame;
import org.citywatch.ingest.rtp.AccessUnit;
import org.citywatch.ingest.rtp.VideoCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every access unit decoded gives the pictures JavaCV's FFmpegFrameGrabber gives, byte for byte. */
class VideoDecoderTest {

    static final String VTEST = "vtest_first20s_h264.mp4";         // 768x576, 10 fps, one keyframe
    static final String HIGHWAY = "highway_video02_h264.mp4";      // 320x240, 25 fps, keyframe every 10 s
    static final String ONE_BY_ONE = "one-by-one-person-detection.mp4"; // 768x432, 10 fps, B-frames, 1 s GOP

    @ParameterizedTest
    @ValueSource(strings = {VTEST, HIGHWAY, ONE_BY_ONE})
    void decodesEveryPictureAsTheGrabberDoes(String clip) throws Exception {
        Path file = Mp4AccessUnits.sample(clip);
        List<AccessUnit> units = Mp4AccessUnits.read(file);
        long[] nanos = new long[2]; // time in libavcodec for keyframes, for the other units (informative)
        try (GrabberReference reference = new GrabberReference(file);
             VideoDecoder decoder = new VideoDecoder(VideoCodec.H264, new DecodePolicy.All())) {
            for (AccessUnit au : units) {
                long before = decoder.decodeNanos();
                decoder.decode(au, mine -> {
                    Frame theirs = reference.compare(mine);
                    // The grabber's layout, so that JavaCV's converters treat both alike.
                    assertThat(mine.frame().imageStride).isEqualTo(theirs.imageStride);
                    assertThat(mine.frame().imageChannels).isEqualTo(3).isEqualTo(theirs.imageChannels);
                    assertThat(mine.frame().imageDepth).isEqualTo(Frame.DEPTH_UBYTE).isEqualTo(theirs.imageDepth);
                    assertThat(mine.frame().image[0].limit()).isEqualTo(theirs.image[0].limit());
                    assertThat(mine.frame().keyFrame).isEqualTo(theirs.keyFrame);
                });
                nanos[au.keyframe() ? 0 : 1] += decoder.decodeNanos() - before;
            }
            decoder.flush(reference::compare);

            int frames = reference.total();
            assertThat(decoder.framesEmitted()).isEqualTo(frames).isEqualTo(units.size());
            assertThat(decoder.framesDecoded()).isEqualTo(frames);
            assertThat(decoder.unitsFed()).isEqualTo(units.size());
            assertThat(decoder.decodeErrors()).isZero();
            assertThat(decoder.unitsDropped()).isZero();
            assertThat(reference.compared).isEqualTo(frames);
            assertThat(reference.identical).as("identical pictures, min PSNR %.1f dB", reference.minPsnr)
                    .isEqualTo(frames);
            long keyframes = units.stream().filter(AccessUnit::keyframe).count();
            System.out.printf("%s: %d frames, %d identical; decoding %.2f ms per keyframe, %.2f ms per other,"
                            + " BGR conversion %.2f ms per frame%n", clip, frames, reference.identical,
                    nanos[0] / 1e6 / keyframes, nanos[1] / 1e6 / (units.size() - keyframes),
                    decoder.convertNanos() / 1e6 / frames);
        }
    }

    @Test
    void scalesDownInTheSamePassKeepingTheAspectRatio() throws Exception {
        Path file = Mp4AccessUnits.sample(ONE_BY_ONE); // 768x432
        List<AccessUnit> units = Mp4AccessUnits.read(file).subList(0, 50);
        try (GrabberReference reference = new GrabberReference(file, 384, 216);
             VideoDecoder decoder = new VideoDecoder(VideoCodec.H264, new DecodePolicy.All(), 384)) {
            units.forEach(au -> decoder.decode(au, reference::compare));
            decoder.flush(reference::compare);
            assertThat(reference.compared).isEqualTo(50);
            assertThat(reference.minPsnr).isGreaterThan(40);
        }
        // Never scaled up.
        try (VideoDecoder decoder = new VideoDecoder(VideoCodec.H264, new DecodePolicy.All(), 4000)) {
            List<String> sizes = new ArrayList<>();
            decoder.decode(units.getFirst(), f -> sizes.add(f.width() + "x" + f.height()));
            decoder.flush(f -> sizes.add(f.width() + "x" + f.height()));
            assertThat(sizes).containsExactly("768x432");
        }
    }

    @Test
    void followsAPictureSizeChangeMidStream() throws Exception {
        // Whole groups of pictures, so that each segment's units are exactly its first pictures.
        Path big = Mp4AccessUnits.sample(ONE_BY_ONE);
        Path small = Mp4AccessUnits.sample(HIGHWAY);
        List<AccessUnit> bigUnits = Mp4AccessUnits.read(big).subList(0, 40);
        List<AccessUnit> smallUnits = Mp4AccessUnits.read(small).subList(0, 60);
        List<Long> expected = new ArrayList<>();
        expected.addAll(referenceCrcs(big, 40));
        expected.addAll(referenceCrcs(small, 60));
        expected.addAll(referenceCrcs(big, 40));

        List<Long> crcs = new ArrayList<>();
        List<String> sizes = new ArrayList<>();
        try (VideoDecoder decoder = new VideoDecoder(VideoCodec.H264, new DecodePolicy.All())) {
            long offset = 0;
            for (List<AccessUnit> segment : List.of(bigUnits, smallUnits, bigUnits)) {
                for (AccessUnit au : segment) {
                    AccessUnit shifted = new AccessUnit(au.codec(), au.rtpTimestamp(), au.ptsMicros() + offset,
                            au.keyframe(), au.data(), au.receivedNanos());
                    decoder.decode(shifted, f -> {
                        crcs.add(GrabberReference.crc(f.frame()));
                        sizes.add(f.width() + "x" + f.height());
                    });
                }
                offset += 10_000_000;
            }
            decoder.flush(f -> crcs.add(GrabberReference.crc(f.frame())));
            assertThat(decoder.decodeErrors()).isZero();
        }
        assertThat(crcs).containsExactlyElementsOf(expected);
        assertThat(sizes.getFirst()).isEqualTo("768x432");
        assertThat(sizes).contains("320x240");
    }

    static List<Long> referenceCrcs(Path clip, int count) throws Exception {
        List<Long> crcs = new ArrayList<>();
        try (GrabberReference reference = new GrabberReference(clip)) {
            for (int i = 0; i < count; i++) {
                crcs.add(GrabberReference.crc(reference.next()));
            }
        }
        return crcs;
    }
}
