package org.citywatch.ingest.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.citywatch.ingest.rtp.TestPacketizer.Unit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Real H.264 from the sample clips (x264 in MP4, read with FFmpeg): packetized, depacketized, compared
 * byte for byte, then decoded by FFmpeg's own H.264 decoder. The pedestrian clip is one GOP of 200
 * frames; the one-by-one clip has 140 GOPs of 10 frames with B-frames (pts out of decoding order).
 */
class RealH264StreamTest {

    private static final String PEDESTRIANS = "vtest_first20s_h264.mp4";
    private static final String ONE_BY_ONE = "one-by-one-person-detection.mp4";
    /** Puts the 32-bit wrap of the RTP clock 5 s into each clip. */
    private static final long TIMESTAMP_OFFSET = 0x1_0000_0000L - 5 * 90_000;
    private static final Map<String, Mp4H264> CLIPS = new ConcurrentHashMap<>();

    private static Mp4H264 clip(String name) {
        return CLIPS.computeIfAbsent(name, n -> Mp4H264.read(n, TIMESTAMP_OFFSET));
    }

    /** What a self-contained keyframe looks like: SPS and PPS first (after a delimiter, if any). */
    private static List<Unit> selfContained(Mp4H264 clip) {
        List<Unit> units = new ArrayList<>();
        for (Unit unit : clip.units()) {
            boolean inBand = unit.nals().stream().anyMatch(n -> (n[0] & 0x1F) == 7)
                    && unit.nals().stream().anyMatch(n -> (n[0] & 0x1F) == 8);
            if (!unit.isKeyframe(VideoCodec.H264) || inBand) {
                units.add(unit);
                continue;
            }
            List<byte[]> nals = new ArrayList<>(unit.nals());
            nals.addAll((nals.getFirst()[0] & 0x1F) == 9 ? 1 : 0, clip.parameterSets());
            units.add(new Unit(unit.rtpTimestamp(), nals));
        }
        return units;
    }

    @ParameterizedTest(name = "{0}, MTU {1}")
    @CsvSource({
        PEDESTRIANS + ", 1400, 200, 1", PEDESTRIANS + ", 50, 200, 1",
        ONE_BY_ONE + ", 1400, 1394, 140", ONE_BY_ONE + ", 50, 1394, 140",
    })
    void everyAccessUnitComesOutExactlyAndKeyframesAreSelfContained(String name, int mtu, int frames, int keyframes) {
        Mp4H264 clip = clip(name);
        List<byte[]> packets = new TestPacketizer(VideoCodec.H264, mtu, 65_000, 0xCAFE).packetize(clip.units());
        Depacketizer d = new H264Depacketizer(clip.parameterSets()); // as from sprop-parameter-sets

        List<AccessUnit> out = SyntheticStream.push(d, packets);

        assertThat(clip.units()).hasSize(frames);
        SyntheticStream.assertUnits(out, selfContained(clip), VideoCodec.H264, name + ", MTU " + mtu);
        assertThat(out.stream().filter(AccessUnit::keyframe).count()).as("keyframes").isEqualTo(keyframes)
                .isEqualTo(clip.keyFlags().stream().filter(k -> k).count());
        assertThat(d.packetsLost() + d.packetsDiscarded() + d.unitsDropped()).isZero();
    }

    @Test
    void ffmpegDecodesEveryUnitAndStartsCleanlyAtTheKeyframeAfterALoss() {
        Mp4H264 clip = clip(ONE_BY_ONE);
        TestPacketizer packetizer = new TestPacketizer(VideoCodec.H264, 1400, 0, 0xCAFE);
        List<List<byte[]>> perUnit = new ArrayList<>();
        for (Unit unit : clip.units()) {
            perUnit.add(packetizer.packetize(unit));
        }
        int lossyUnit = 703; // in the GOP of units 700..709
        while (perUnit.get(lossyUnit).size() < 2) {
            lossyUnit++;
        }
        perUnit.get(lossyUnit).removeFirst();
        Depacketizer d = new H264Depacketizer(clip.parameterSets());

        List<AccessUnit> out = SyntheticStream.push(d, perUnit.stream().flatMap(List::stream).toList());

        List<Unit> expected = new ArrayList<>(selfContained(clip));
        expected.subList(lossyUnit, 710).clear();
        SyntheticStream.assertUnits(out, expected, VideoCodec.H264, "one lost packet in unit " + lossyUnit);
        assertThat(d.packetsLost()).isEqualTo(1);
        assertThat(d.unitsDropped()).isEqualTo(710 - lossyUnit);

        // A decoder that joins right after the loss starts cleanly at that keyframe: parameter sets included.
        List<AccessUnit> afterLoss = out.subList(lossyUnit, out.size());
        assertThat(afterLoss.getFirst().keyframe()).isTrue();
        assertThat(H264DecoderCheck.decode(afterLoss))
                .isEqualTo(new H264DecoderCheck.Result(afterLoss.size(), 0, 0));
        assertThat(H264DecoderCheck.decode(out)).isEqualTo(new H264DecoderCheck.Result(out.size(), 0, 0));
        // Control: the check does notice a stream that starts without a keyframe.
        assertThat(H264DecoderCheck.decode(out.subList(1, 10)))
                .isNotEqualTo(new H264DecoderCheck.Result(9, 0, 0));
    }
}
