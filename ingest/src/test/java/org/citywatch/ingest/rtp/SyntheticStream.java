package org.citywatch.ingest.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.citywatch.ingest.rtp.TestPacketizer.Unit;

/** Random but well-formed H.264/H.265 streams (GOPs of NAL units with random content and sizes), and checks. */
final class SyntheticStream {

    /** 30 frames per second on the 90 kHz clock. */
    static final int STEP = 3000;

    static final byte[] H264_SPS = {0x67, 0x42, (byte) 0xC0, 0x1E, (byte) 0xD9, 0x00, (byte) 0xA0, 0x47, (byte) 0xFE};
    static final byte[] H264_PPS = {0x68, (byte) 0xCE, 0x3C, (byte) 0x80};
    static final byte[] H265_VPS = {0x40, 0x01, 0x0C, 0x01, (byte) 0xFF, (byte) 0xFF, 0x01, 0x60};
    static final byte[] H265_SPS = {0x42, 0x01, 0x01, 0x01, 0x60, 0x00, 0x00, 0x03, (byte) 0xB0};
    static final byte[] H265_PPS = {0x44, 0x01, (byte) 0xC1, 0x72, (byte) 0xB4, 0x62, 0x40};

    private SyntheticStream() {
    }

    static List<byte[]> parameterSets(VideoCodec codec) {
        return codec == VideoCodec.H264 ? List.of(H264_SPS, H264_PPS) : List.of(H265_VPS, H265_SPS, H265_PPS);
    }

    static Depacketizer depacketizer(VideoCodec codec, List<byte[]> sprop, DepacketizerLimits limits) {
        return codec == VideoCodec.H264 ? new H264Depacketizer(sprop, limits) : new H265Depacketizer(sprop, limits);
    }

    /** A NAL unit of the given type: a valid header (NRI 3 / TID 1), then random bytes. */
    static byte[] nal(VideoCodec codec, int type, int payloadBytes, Random random) {
        int header = codec == VideoCodec.H264 ? 1 : 2;
        byte[] nal = new byte[header + payloadBytes];
        random.nextBytes(nal);
        if (codec == VideoCodec.H264) {
            nal[0] = (byte) (0x60 | type);
        } else {
            nal[0] = (byte) (type << 1);
            nal[1] = 1;
        }
        return nal;
    }

    /** Mostly small, sometimes medium, rarely up to {@code max} bytes. */
    static int size(Random random, int max) {
        int roll = random.nextInt(100);
        int bound = roll < 70 ? 300 : roll < 95 ? 3000 : max;
        return 1 + random.nextInt(Math.max(1, Math.min(bound, max)));
    }

    /**
     * {@code count} access units in GOPs of {@code gop}, the first a keyframe, timestamps {@link #STEP}
     * apart from {@code firstTimestamp} (wrapping at 2^32).
     *
     * @param inBand keyframes carry their parameter sets (so the output equals the input exactly)
     */
    static List<Unit> stream(VideoCodec codec, Random random, int count, int gop, long firstTimestamp,
                             boolean inBand, int maxNalBytes) {
        boolean h264 = codec == VideoCodec.H264;
        List<Unit> units = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            boolean key = i % gop == 0;
            List<byte[]> nals = new ArrayList<>();
            if (random.nextInt(4) == 0) {
                nals.add(nal(codec, h264 ? 9 : 35, 1, random)); // access unit delimiter
            }
            if (key && inBand) {
                nals.addAll(parameterSets(codec));
            }
            if (random.nextInt(3) == 0) {
                nals.add(nal(codec, h264 ? 6 : 39, size(random, 200), random)); // SEI
            }
            int sliceType = key ? (h264 ? 5 : 19 + 2 * random.nextInt(2)) : 1; // IDR / IDR_W_RADL or CRA
            for (int s = 1 + random.nextInt(3); s > 0; s--) {
                nals.add(nal(codec, sliceType, size(random, maxNalBytes), random));
            }
            units.add(new Unit((firstTimestamp + (long) i * STEP) & 0xFFFF_FFFFL, nals));
        }
        return units;
    }

    static List<AccessUnit> push(Depacketizer d, List<byte[]> packets) {
        List<AccessUnit> out = new ArrayList<>();
        long nanos = 0;
        for (byte[] packet : packets) {
            d.push(TestPacketizer.parse(packet), nanos++, out::add);
        }
        return out;
    }

    /** The output is exactly the expected units: bytes, timestamps, pts from the first one, keyframe flags. */
    static void assertUnits(List<AccessUnit> actual, List<Unit> expected, VideoCodec codec, String context) {
        assertThat(actual).as(context + ": number of units").hasSize(expected.size());
        long first = expected.isEmpty() ? 0 : expected.getFirst().rtpTimestamp();
        for (int i = 0; i < expected.size(); i++) {
            Unit e = expected.get(i);
            AccessUnit a = actual.get(i);
            String what = context + ", unit " + i;
            assertThat(a.codec()).as(what).isEqualTo(codec);
            assertThat(a.rtpTimestamp()).as(what + " timestamp").isEqualTo(e.rtpTimestamp());
            long ticks = (int) (e.rtpTimestamp() - first); // tests stay well within 2^31 ticks
            assertThat(a.ptsMicros()).as(what + " pts").isEqualTo(Math.floorDiv(ticks * 1_000_000, 90_000));
            assertThat(a.keyframe()).as(what + " keyframe").isEqualTo(e.isKeyframe(codec));
            assertThat(a.data()).as(what + " bytes").isEqualTo(e.annexB());
        }
    }
}
