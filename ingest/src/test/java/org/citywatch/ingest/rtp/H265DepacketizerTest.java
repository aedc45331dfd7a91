package org.citywatch.ingest.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citywatch.ingest.rtp.H264DepacketizerTest.bytes;

import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** RFC 7798 payload formats, parameter sets and malformed payloads, with hand-made packets. */
class H265DepacketizerTest {

    private static final int[] VPS = {0x40, 0x01, 0x0C, 0x01};
    private static final int[] SPS = {0x42, 0x01, 0x01, 0x01, 0x60};
    private static final int[] PPS = {0x44, 0x01, 0xC1, 0x72};
    private static final int[] AUD = {0x46, 0x01, 0x50};
    private static final int[] IDR = {0x26, 0x01, 0xAF, 0x05, 0x38}; // IDR_W_RADL (19)
    private static final int[] CRA = {0x2A, 0x01, 0xAF, 0x06}; // CRA_NUT (21)
    private static final int[] TRAIL = {0x02, 0x01, 0xD0, 0x11}; // TRAIL_R (1)

    private final Feeder feeder = new Feeder(new H265Depacketizer(List.of(bytes(VPS), bytes(SPS), bytes(PPS))));

    @Test
    void apAndFuAreReassembledIntoOneAnnexBUnit() {
        feeder.send(9000, false, 0x60, 0x01, 0x00, 0x04, 0x40, 0x01, 0x0C, 0x01, 0x00, 0x05, 0x42, 0x01, 0x01,
                        0x01, 0x60, 0x00, 0x04, 0x44, 0x01, 0xC1, 0x72) // AP: VPS, SPS, PPS
                .send(9000, false, 0x62, 0x01, 0x93, 0xAF) // FU start of IDR_W_RADL
                .send(9000, false, 0x62, 0x01, 0x13, 0x05)
                .send(9000, true, 0x62, 0x01, 0x53, 0x38); // end

        assertThat(feeder.out).singleElement().satisfies(unit -> {
            assertThat(unit.codec()).isEqualTo(VideoCodec.H265);
            assertThat(unit.keyframe()).isTrue();
            assertThat(unit.data()).isEqualTo(Feeder.annexB(VPS, SPS, PPS, IDR));
        });
    }

    @Test
    void everyIrapTypeIsAKeyframeAndGetsTheParameterSetsAfterItsDelimiter() {
        feeder.send(0, false, AUD).send(0, true, CRA)
                .send(3000, true, TRAIL)
                .send(6000, true, IDR);
        for (int type = 16; type <= 21; type++) {
            feeder.send(9000L * type, true, type << 1, 0x01, 0x77);
        }

        assertThat(feeder.data()).startsWith(Feeder.annexB(AUD, VPS, SPS, PPS, CRA), Feeder.annexB(TRAIL),
                Feeder.annexB(VPS, SPS, PPS, IDR));
        assertThat(feeder.out).extracting(AccessUnit::keyframe)
                .containsExactly(true, false, true, true, true, true, true, true, true);
    }

    @Test
    void theLatestInBandParameterSetsReplaceTheSdpOnes() {
        int[] newSps = {0x42, 0x01, 0x02, 0x02};
        feeder.send(0, false, newSps).send(0, true, IDR).send(3000, true, IDR);

        assertThat(feeder.data()).containsExactly(Feeder.annexB(VPS, newSps, PPS, newSps, IDR),
                Feeder.annexB(VPS, newSps, PPS, IDR));
    }

    @Test
    void fromSpropTakesTheThreeSdpAttributes() {
        Base64.Encoder b64 = Base64.getEncoder();
        Feeder fromSdp = new Feeder(H265Depacketizer.fromSprop(b64.encodeToString(bytes(VPS)),
                b64.encodeToString(bytes(SPS)), null));
        fromSdp.send(0, true, IDR);

        assertThat(fromSdp.data()).containsExactly(Feeder.annexB(VPS, SPS, IDR));
    }

    static Stream<Arguments> malformedPayloads() {
        return Stream.of(
                Arguments.of("one byte", new int[] {0x02}),
                Arguments.of("forbidden bit", new int[] {0x82, 0x01, 0x00}),
                Arguments.of("temporal id 0", new int[] {0x02, 0x00, 0x00}),
                Arguments.of("PACI", new int[] {0x64, 0x01, 0x02, 0x01, 0x00, 0x00}),
                Arguments.of("unspecified type 51", new int[] {0x66, 0x01, 0x00}),
                Arguments.of("unspecified type 63", new int[] {0x7E, 0x01, 0x00}),
                Arguments.of("empty AP", new int[] {0x60, 0x01}),
                Arguments.of("AP length past the end", new int[] {0x60, 0x01, 0x00, 0x09, 0x02, 0x01}),
                Arguments.of("AP huge length", new int[] {0x60, 0x01, 0xFF, 0xFF, 0x02, 0x01}),
                Arguments.of("AP unit of one byte", new int[] {0x60, 0x01, 0x00, 0x01, 0x02}),
                Arguments.of("AP half a length", new int[] {0x60, 0x01, 0x00, 0x02, 0x02, 0x01, 0x00}),
                Arguments.of("AP inside AP", new int[] {0x60, 0x01, 0x00, 0x02, 0x60, 0x01}),
                Arguments.of("AP unit with temporal id 0", new int[] {0x60, 0x01, 0x00, 0x02, 0x02, 0x00}),
                Arguments.of("FU without FU header", new int[] {0x62, 0x01}),
                Arguments.of("FU start and end bits", new int[] {0x62, 0x01, 0xC1, 0x00}),
                Arguments.of("FU of an AP", new int[] {0x62, 0x01, 0xB0, 0x00}),
                Arguments.of("FU middle without start", new int[] {0x62, 0x01, 0x01, 0x00}),
                Arguments.of("FU end without start", new int[] {0x62, 0x01, 0x41, 0x00}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedPayloads")
    void aMalformedPayloadDropsItsUnitAndOutputResumesAtTheNextKeyframe(String what, int[] payload) {
        feeder.send(0, true, IDR)
                .send(3000, false, TRAIL).send(3000, true, payload)
                .send(6000, true, TRAIL)
                .send(9000, true, CRA)
                .send(12000, true, TRAIL);

        assertThat(feeder.out).extracting(AccessUnit::rtpTimestamp).as(what).containsExactly(0L, 9000L, 12000L);
        assertThat(feeder.depacketizer.unitsDropped()).as(what).isEqualTo(2);
    }

    @Test
    void nalTypeZeroIsAValidH265Picture() {
        feeder.send(0, true, IDR).send(3000, true, 0x00, 0x01, 0x12); // TRAIL_N

        assertThat(feeder.data()).last().isEqualTo(Feeder.annexB(new int[] {0x00, 0x01, 0x12}));
    }
}
