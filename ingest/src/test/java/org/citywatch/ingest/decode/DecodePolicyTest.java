package org.citywatch.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.citywatch.ingest.rtp.AccessUnit;
import org.citywatch.ingest.rtp.VideoCodec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What each policy decodes and emits, on one-by-one-person-detection.mp4: 1,394 pictures at 10 fps
 * (timestamps 0, 100, 200 ms ...), a keyframe every 10 pictures (every second), B-frames; and on
 * highway_video02_h264.mp4: 748 pictures at 25 fps with keyframes at 0, 10 and 20 s.
 */
class DecodePolicyTest {

    static final long FRAME_MICROS = 100_000;
    static Path clip;
    static List<AccessUnit> units;

    @BeforeAll
    static void readClip() {
        clip = Mp4AccessUnits.sample(VideoDecoderTest.ONE_BY_ONE);
        units = Mp4AccessUnits.read(clip);
        assertThat(units).hasSize(1394);
        assertThat(units.stream().filter(AccessUnit::keyframe).count()).isEqualTo(140);
    }

    @Test
    void everyNthFeedsEverythingAndEmitsPictures0nAnd2n() throws Exception {
        List<Long> times = new ArrayList<>();
        try (GrabberReference reference = new GrabberReference(clip);
             VideoDecoder decoder = new VideoDecoder(VideoCodec.H264, new DecodePolicy.EveryNth(3))) {
            for (AccessUnit au : units) {
                decoder.decode(au, f -> {
                    times.add(f.timestampMicros());
                    reference.compare(f);
                });
            }
            decoder.flush(reference::compare);
            // ceil(1394 / 3) = 465: pictures 0, 3, ..., 1392, in presentation order.
            assertThat(decoder.framesEmitted()).isEqualTo(465);
            assertThat(decoder.unitsFed()).isEqualTo(1394);
            assertThat(decoder.framesDecoded()).isEqualTo(1394);
            assertThat(reference.identical).isEqualTo(465);
        }
        for (int k = 0; k < times.size(); k++) {
            assertThat(times.get(k)).isEqualTo(3 * k * FRAME_MICROS);
        }
    }

    @Test
    void keyframesEveryZeroDecodesExactlyTheKeyframes() throws Exception {
        try (GrabberReference reference = new GrabberReference(clip);
             VideoDecoder decoder = new VideoDecoder(VideoCodec.H264, new DecodePolicy.KeyframesEvery(Duration.ZERO))) {
            List<Integer> indexes = new ArrayList<>();
            for (AccessUnit au : units) {
                decoder.decode(au, f -> {
                    assertThat(reference.compare(f).keyFrame).as("the grabber's picture is a keyframe").isTrue();
                    indexes.add(reference.index());
                });
            }
            assertThat(decoder.unitsFed()).isEqualTo(140);
            assertThat(decoder.framesDecoded()).isEqualTo(140);
            assertThat(decoder.framesEmitted()).isEqualTo(140);
            assertThat(reference.identical).isEqualTo(140);
            assertThat(indexes).startsWith(0, 10, 20).endsWith(1390);
        }
    }

    @Test
    void keyframesEveryTenSecondsTakesTheFirstKeyframeDueByPresentationTime() {
        // Keyframes every second: those at 0, 10, 20, ... 130 s.
        assertThat(emittedTimes(units, DecodePolicy.thumbnailDefault()))
                .containsExactlyElementsOf(seconds(0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 130));
        // Keyframes every 1.5 s would still give one per 2 s: the first keyframe at least 1.5 s after the last.
        assertThat(emittedTimes(units, new DecodePolicy.KeyframesEvery(Duration.ofMillis(1500))))
                .hasSize(70).startsWith(seconds(0, 2, 4).toArray(Long[]::new));
        // Keyframes every 10 s exactly (0, 10, 20 s): all three are due.
        List<AccessUnit> highway = Mp4AccessUnits.read(Mp4AccessUnits.sample(VideoDecoderTest.HIGHWAY));
        assertThat(emittedTimes(highway, DecodePolicy.thumbnailDefault())).containsExactlyElementsOf(seconds(0, 10, 20));
    }

    @Test
    void noneGivesTheDecoderNothing() {
        try (VideoDecoder decoder = new VideoDecoder(VideoCodec.H264, new DecodePolicy.None())) {
            units.forEach(au -> decoder.decode(au, f -> { throw new AssertionError("nothing expected"); }));
            assertThat(decoder.unitsFed()).isZero();
            assertThat(decoder.framesDecoded()).isZero();
            assertThat(decoder.decodeNanos()).isZero();
        }
    }

    @Test
    void switchingToAllStartsAtTheNextKeyframe() throws Exception {
        try (GrabberReference reference = new GrabberReference(clip);
             VideoDecoder decoder = new VideoDecoder(VideoCodec.H264, DecodePolicy.thumbnailDefault())) {
            for (int i = 0; i < units.size(); i++) {
                if (i == 35) {
                    decoder.setPolicy(new DecodePolicy.All()); // analytics starts watching this camera
                }
                decoder.decode(units.get(i), reference::compare);
            }
            decoder.flush(reference::compare);
            // Keyframe 0 as thumbnail; units 35..39 dropped; from keyframe 40 every picture.
            assertThat(decoder.unitsDropped()).isEqualTo(5);
            assertThat(decoder.framesEmitted()).isEqualTo(1 + 1394 - 40);
            assertThat(reference.identical).isEqualTo(1 + 1394 - 40);
        }
    }

    @Test
    void thumbnailDefaultAndArguments() {
        assertThat(DecodePolicy.thumbnailDefault()).isEqualTo(new DecodePolicy.KeyframesEvery(Duration.ofSeconds(10)));
        assertThatThrownBy(() -> new DecodePolicy.EveryNth(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DecodePolicy.KeyframesEvery(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        AccessUnit key = new AccessUnit(VideoCodec.H264, 0, 5_000_000, true, new byte[0], 0);
        DecodePolicy every10s = DecodePolicy.thumbnailDefault();
        assertThat(every10s.mustDecode(key, Long.MIN_VALUE)).isTrue();
        assertThat(every10s.mustDecode(key, 0)).isFalse();
        assertThat(every10s.mustDecode(key, 9_000_000)).as("the stream restarted").isTrue();
        assertThat(new DecodePolicy.EveryNth(1).emits(7)).isTrue();
    }

    static List<Long> emittedTimes(List<AccessUnit> units, DecodePolicy policy) {
        List<Long> times = new ArrayList<>();
        try (VideoDecoder decoder = new VideoDecoder(VideoCodec.H264, policy)) {
            units.forEach(au -> decoder.decode(au, f -> times.add(f.timestampMicros())));
            assertThat(decoder.unitsFed()).isEqualTo(times.size());
        }
        return times;
    }

    static List<Long> seconds(long... values) {
        return java.util.Arrays.stream(values).map(s -> s * 1_000_000).boxed().toList();
    }
}
