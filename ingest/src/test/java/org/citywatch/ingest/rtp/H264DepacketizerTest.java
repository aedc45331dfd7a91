package org.citywatch.ingest.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** RFC 6184 payload formats, parameter sets and malformed payloads, with hand-made packets. */
class H264DepacketizerTest {

    private static final int[] SPS = {0x67, 0x42, 0xC0, 0x1E, 0xD9};
    private static final int[] PPS = {0x68, 0xCE, 0x3C, 0x80};
    private static final int[] IDR = {0x65, 0x88, 0x84, 0x21};
    private static final int[] SLICE = {0x41, 0x9A, 0x02};
    private static final int[] AUD = {0x09, 0xF0};

    private final Feeder feeder = new Feeder(new H264Depacketizer(List.of(bytes(SPS), bytes(PPS))));

    @Test
    void stapAAndFuAAreReassembledIntoOneAnnexBUnit() {
        feeder.send(9000, false, 0x18, 0x00, 0x05, 0x67, 0x42, 0xC0, 0x1E, 0xD9, 0x00, 0x04, 0x68, 0xCE, 0x3C,
                        0x80) // STAP-A: SPS, PPS
                .send(9000, false, 0x7C, 0x85, 0x88) // FU-A start of IDR; NRI from the indicator
                .send(9000, false, 0x7C, 0x05, 0x84)
                .send(9000, true, 0x7C, 0x45, 0x21); // end

        assertThat(feeder.out).singleElement().satisfies(unit -> {
            assertThat(unit.keyframe()).isTrue();
            assertThat(unit.rtpTimestamp()).isEqualTo(9000);
            assertThat(unit.ptsMicros()).isZero();
            assertThat(unit.data()).isEqualTo(Feeder.annexB(SPS, PPS, IDR));
        });
    }

    @Test
    void aKeyframeWithoutParameterSetsGetsTheSdpOnesInFrontAfterItsDelimiter() {
        feeder.send(0, false, AUD).send(0, true, IDR) // keyframe with an access unit delimiter
                .send(3000, true, SLICE) // not a keyframe: left alone
                .send(6000, true, IDR); // keyframe without delimiter

        assertThat(feeder.data()).containsExactly(Feeder.annexB(AUD, SPS, PPS, IDR), Feeder.annexB(SLICE),
                Feeder.annexB(SPS, PPS, IDR));
    }

    @Test
    void theLatestInBandParameterSetsReplaceTheSdpOnes() {
        int[] newSps = {0x67, 0x64, 0x00, 0x28};
        int[] newPps1 = {0x68, 0xEE, 0x01};
        int[] newPps2 = {0x68, 0xEE, 0x02};
        feeder.send(0, false, newSps).send(0, false, newPps1).send(0, false, newPps2).send(0, true, IDR)
                .send(3000, true, IDR) // all of the latest ones, both PPS
                .send(6000, false, SPS).send(6000, true, IDR) // only an SPS in-band: the PPS comes from memory
                .send(9000, true, IDR);

        assertThat(feeder.data()).containsExactly(Feeder.annexB(newSps, newPps1, newPps2, IDR),
                Feeder.annexB(newSps, newPps1, newPps2, IDR), Feeder.annexB(SPS, newPps1, newPps2, SPS, IDR),
                Feeder.annexB(SPS, newPps1, newPps2, IDR));
    }

    @Test
    void fromSpropDecodesTheSdpAttributeAndSkipsInvalidEntries() {
        String sprop = Base64.getEncoder().encodeToString(bytes(SPS)) + ", !!not-base64!!,,"
                + Base64.getEncoder().encodeToString(bytes(PPS));
        Feeder fromSdp = new Feeder(H264Depacketizer.fromSprop(sprop));
        fromSdp.send(0, true, IDR);
        Feeder withoutSdp = new Feeder(H264Depacketizer.fromSprop(null));
        withoutSdp.send(0, true, IDR);

        assertThat(fromSdp.data()).containsExactly(Feeder.annexB(SPS, PPS, IDR));
        assertThat(withoutSdp.data()).containsExactly(Feeder.annexB(IDR));
    }

    @Test
    void outputStartsAtTheFirstKeyframe() {
        feeder.send(0, true, SLICE).send(3000, true, SLICE).send(6000, true, IDR).send(9000, true, SLICE);

        assertThat(feeder.out).extracting(AccessUnit::keyframe).containsExactly(true, false);
        assertThat(feeder.out.getFirst().ptsMicros()).isZero();
        assertThat(feeder.out.get(1).ptsMicros()).isEqualTo(33_333);
        assertThat(feeder.depacketizer.unitsDropped()).isEqualTo(2);
    }

    static Stream<Arguments> malformedPayloads() {
        return Stream.of(
                Arguments.of("NAL type 0", new int[] {0x00, 0x01}),
                Arguments.of("NAL type 30", new int[] {0x1E, 0x01}),
                Arguments.of("forbidden bit", new int[] {0xE1, 0x01}),
                Arguments.of("STAP-B", new int[] {0x19, 0x00, 0x01, 0x00, 0x02, 0x41, 0x01}),
                Arguments.of("MTAP16", new int[] {0x1A, 0x00, 0x01, 0x00, 0x02, 0x41, 0x01}),
                Arguments.of("MTAP24", new int[] {0x1B, 0x00, 0x01, 0x00, 0x02, 0x41, 0x01}),
                Arguments.of("FU-B", new int[] {0x1D, 0x81, 0x00, 0x01, 0x02}),
                Arguments.of("empty STAP-A", new int[] {0x18}),
                Arguments.of("STAP-A length past the end", new int[] {0x18, 0x00, 0x05, 0x41, 0x01}),
                Arguments.of("STAP-A huge length", new int[] {0x18, 0xFF, 0xFF, 0x41, 0x01}),
                Arguments.of("STAP-A length 0", new int[] {0x18, 0x00, 0x00, 0x00, 0x01, 0x41}),
                Arguments.of("STAP-A half a length", new int[] {0x18, 0x00, 0x01, 0x41, 0x00}),
                Arguments.of("STAP-A inside STAP-A", new int[] {0x18, 0x00, 0x02, 0x18, 0x00}),
                Arguments.of("STAP-A unit of type 0", new int[] {0x18, 0x00, 0x02, 0x00, 0x01}),
                Arguments.of("FU-A without FU header", new int[] {0x7C}),
                Arguments.of("FU-A start and end bits", new int[] {0x7C, 0xC1, 0x01, 0x02}),
                Arguments.of("FU-A of type 0", new int[] {0x7C, 0x80, 0x01}),
                Arguments.of("FU-A of an FU-A", new int[] {0x7C, 0x9C, 0x01}),
                Arguments.of("FU-A middle without start", new int[] {0x7C, 0x01, 0x01}),
                Arguments.of("FU-A end without start", new int[] {0x7C, 0x41, 0x01}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedPayloads")
    void aMalformedPayloadDropsItsUnitAndOutputResumesAtTheNextKeyframe(String what, int[] payload) {
        feeder.send(0, true, IDR)
                .send(3000, false, SLICE).send(3000, true, payload) // the unit with the bad payload
                .send(6000, true, SLICE) // decodable only with the dropped one: dropped too
                .send(9000, true, IDR)
                .send(12000, true, SLICE);

        assertThat(feeder.out).extracting(AccessUnit::rtpTimestamp).as(what).containsExactly(0L, 9000L, 12000L);
        assertThat(feeder.depacketizer.unitsDropped()).as(what).isEqualTo(2);
        assertThat(feeder.depacketizer.packetsLost()).as(what).isZero();
    }

    @Test
    void aFragmentedNalUnitThatNeverEndsDropsItsUnit() {
        feeder.send(0, true, IDR)
                .send(3000, false, 0x5C, 0x81, 0x9A).send(3000, true, SLICE) // FU-A start, then another NAL unit
                .send(6000, false, 0x5C, 0x81, 0x9A).send(6000, true, 0x5C, 0x01, 0x02) // marker, no end bit
                .send(9000, true, IDR);

        assertThat(feeder.out).extracting(AccessUnit::rtpTimestamp).containsExactly(0L, 9000L);
        assertThat(feeder.depacketizer.unitsDropped()).isEqualTo(2);
    }

    @Test
    void parameterSetsUnderTheirOwnTimestampAreLearnedNotEmittedNorCountedAsDrops() {
        int[] newSps = {0x67, 0x64, 0x00, 0x28};
        int[] newPps = {0x68, 0xEE, 0x01};
        feeder.send(0, false, newSps).send(0, true, newPps) // a camera that sends them apart, with a marker
                .send(3000, true, IDR)
                .send(6000, true, SLICE);

        assertThat(feeder.data()).containsExactly(Feeder.annexB(newSps, newPps, IDR), Feeder.annexB(SLICE));
        assertThat(feeder.depacketizer.unitsDropped()).isZero();
    }

    @Test
    void emptyPayloadsAreHarmless() {
        feeder.send(0, false).send(0, false, IDR).send(0, true).send(3000, true);

        assertThat(feeder.data()).containsExactly(Feeder.annexB(SPS, PPS, IDR));
        assertThat(feeder.depacketizer.unitsDropped()).isZero();
    }

    static byte[] bytes(int[] values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }
}
