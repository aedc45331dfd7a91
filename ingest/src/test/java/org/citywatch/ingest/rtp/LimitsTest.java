package org.citywatch.ingest.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.citywatch.ingest.rtp.TestPacketizer.Unit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A unit over a cap is dropped and the stream resyncs at the next keyframe; nothing emitted is over a cap. */
class LimitsTest {

    private static final Random RANDOM = new Random(42);

    private static Unit unit(VideoCodec codec, int index, boolean key, int... sliceSizes) {
        List<byte[]> nals = new ArrayList<>();
        for (int size : sliceSizes) {
            int type = codec == VideoCodec.H264 ? (key ? 5 : 1) : (key ? 19 : 1);
            nals.add(SyntheticStream.nal(codec, type, size, RANDOM));
        }
        return new Unit(1000L + index * SyntheticStream.STEP, nals);
    }

    @ParameterizedTest
    @EnumSource(VideoCodec.class)
    void aUnitOverTheByteCapIsDroppedUntilTheNextKeyframe(VideoCodec codec) {
        List<Unit> units = List.of(unit(codec, 0, true, 1000), unit(codec, 1, false, 5000),
                unit(codec, 2, false, 100), unit(codec, 3, true, 5000), unit(codec, 4, false, 100),
                unit(codec, 5, true, 4000), unit(codec, 6, false, 50, 50));
        Feeder feeder = new Feeder(SyntheticStream.depacketizer(codec, List.of(),
                new DepacketizerLimits(4096, 1024, 8)));

        feeder.sendUnits(codec, 1400, units);

        SyntheticStream.assertUnits(feeder.out, List.of(units.get(0), units.get(5), units.get(6)), codec, "4 KiB cap");
        assertThat(feeder.depacketizer.unitsDropped()).isEqualTo(4);
    }

    @ParameterizedTest
    @EnumSource(VideoCodec.class)
    void aUnitWithTooManyNalUnitsIsDropped(VideoCodec codec) {
        List<Unit> units = List.of(unit(codec, 0, true, 10, 10, 10, 10), unit(codec, 1, false, 10, 10, 10, 10, 10),
                unit(codec, 2, true, 10), unit(codec, 3, false, 10, 10, 10, 10));
        Feeder feeder = new Feeder(SyntheticStream.depacketizer(codec, List.of(),
                new DepacketizerLimits(1 << 20, 4, 8)));

        feeder.sendUnits(codec, 1400, units); // aggregated: the 5 NAL units arrive in one packet

        SyntheticStream.assertUnits(feeder.out, List.of(units.get(0), units.get(2), units.get(3)), codec,
                "4 NAL units");
    }

    @ParameterizedTest
    @EnumSource(VideoCodec.class)
    void parameterSetsPutInFrontCountAgainstTheCap(VideoCodec codec) {
        List<byte[]> sprop = new ArrayList<>();
        for (byte[] set : SyntheticStream.parameterSets(codec)) {
            byte[] big = new byte[400]; // 3 x 404 bytes in Annex-B (2 for H.264)
            System.arraycopy(set, 0, big, 0, set.length);
            sprop.add(big);
        }
        int headerBytes = codec == VideoCodec.H264 ? 1 : 2;
        int fits = 4096 - 4 - headerBytes - sprop.size() * 404;
        List<Unit> units = List.of(unit(codec, 0, true, fits + 1), unit(codec, 1, true, fits));
        Feeder feeder = new Feeder(SyntheticStream.depacketizer(codec, sprop, new DepacketizerLimits(4096, 1024, 8)));

        feeder.sendUnits(codec, 1400, units);

        assertThat(feeder.out).singleElement().satisfies(unit -> {
            assertThat(unit.rtpTimestamp()).isEqualTo(units.get(1).rtpTimestamp());
            assertThat(unit.size()).isEqualTo(4096);
        });
    }

    @ParameterizedTest
    @EnumSource(VideoCodec.class)
    void aNineMebibyteUnitIsDroppedUnderTheDefaultCapAndTheStreamGoesOn(VideoCodec codec) {
        List<Unit> units = List.of(unit(codec, 0, true, 100), unit(codec, 1, true, 9 << 20),
                unit(codec, 2, false, 100), unit(codec, 3, true, (8 << 20) - 8), unit(codec, 4, false, 100));
        Feeder feeder = new Feeder(SyntheticStream.depacketizer(codec, List.of(), DepacketizerLimits.DEFAULT));

        feeder.sendUnits(codec, 1400, units);

        SyntheticStream.assertUnits(feeder.out, List.of(units.get(0), units.get(3), units.get(4)), codec, "8 MiB");
        assertThat(feeder.out).allSatisfy(u -> assertThat(u.size()).isLessThanOrEqualTo(8 << 20));
    }

    @Test
    void limitsAreChecked() {
        assertThatThrownBy(() -> new DepacketizerLimits(0, 1024, 8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DepacketizerLimits(4096, 0, 8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DepacketizerLimits(4096, 16, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
