package org.citywatch.ingest.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RtpPacketTest {

    /** V=2, M=1, PT=96, seq 0xABCD, ts 0xFEDCBA98, ssrc 0x89ABCDEF, payload 1 2 3. */
    private static final byte[] PLAIN = {(byte) 0x80, (byte) 0xE0, (byte) 0xAB, (byte) 0xCD,
        (byte) 0xFE, (byte) 0xDC, (byte) 0xBA, (byte) 0x98, (byte) 0x89, (byte) 0xAB, (byte) 0xCD, (byte) 0xEF,
        1, 2, 3};

    @Test
    void readsEveryHeaderFieldAsUnsignedAndPointsAtThePayloadWithoutCopying() throws Exception {
        RtpPacket p = RtpPacket.parse(PLAIN);

        assertThat(p.marker()).isTrue();
        assertThat(p.payloadType()).isEqualTo(96);
        assertThat(p.sequence()).isEqualTo(0xABCD);
        assertThat(p.timestamp()).isEqualTo(0xFEDCBA98L);
        assertThat(p.ssrc()).isEqualTo(0x89ABCDEFL);
        assertThat(p.padding() || p.extension()).isFalse();
        assertThat(p.csrcCount()).isZero();
        assertThat(p.buffer()).isSameAs(PLAIN);
        assertThat(p.payloadOffset()).isEqualTo(12);
        assertThat(p.payloadLength()).isEqualTo(3);
    }

    @Test
    void skipsCsrcListHeaderExtensionAndPaddingInsideALargerBuffer() throws Exception {
        byte[] packet = {(byte) 0xB2, 0x60, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3,
            9, 9, 9, 9, 9, 9, 9, 9, // two CSRCs
            (byte) 0xBE, (byte) 0xDE, 0, 1, 7, 7, 7, 7, // extension: profile, one word
            42, 43, // payload
            0, 0, 3}; // three bytes of padding, the count included
        byte[] buffer = new byte[packet.length + 10];
        System.arraycopy(packet, 0, buffer, 5, packet.length);

        RtpPacket p = RtpPacket.parse(buffer, 5, packet.length);

        assertThat(p.csrcCount()).isEqualTo(2);
        assertThat(p.extension()).isTrue();
        assertThat(p.padding()).isTrue();
        assertThat(p.marker()).isFalse();
        assertThat(p.payloadOffset()).isEqualTo(5 + 28);
        assertThat(p.payloadLength()).isEqualTo(2);
        assertThat(p.payloadByte(0)).isEqualTo(42);
        assertThat(p.payloadByte(1)).isEqualTo(43);
    }

    @Test
    void anEmptyPayloadIsAValidPacket() throws Exception {
        assertThat(RtpPacket.parse(Arrays.copyOf(PLAIN, 12)).payloadLength()).isZero();
    }

    @Test
    void refusesTooShortPackets() {
        assertMalformed(Arrays.copyOf(PLAIN, 11), "too short");
        assertMalformed(new byte[0], "too short");
    }

    @Test
    void refusesOtherVersions() {
        for (int version : new int[] {0, 1, 3}) {
            byte[] p = PLAIN.clone();
            p[0] = (byte) (version << 6);
            assertMalformed(p, "version " + version);
        }
    }

    @Test
    void refusesCsrcListOrExtensionRunningPastTheEnd() {
        byte[] csrc = PLAIN.clone();
        csrc[0] = (byte) 0x81; // one CSRC needs 4 bytes, 3 are left
        assertMalformed(csrc, "CSRC list");

        byte[] noExtensionHeader = PLAIN.clone();
        noExtensionHeader[0] = (byte) 0x90; // extension header needs 4 bytes, 3 are left
        assertMalformed(noExtensionHeader, "header extension");

        byte[] hugeExtension = Arrays.copyOf(PLAIN, 20);
        hugeExtension[0] = (byte) 0x90;
        hugeExtension[14] = (byte) 0xFF; // 65535 words declared
        hugeExtension[15] = (byte) 0xFF;
        assertMalformed(hugeExtension, "65535 words");
    }

    @Test
    void refusesPaddingOfZeroOrLargerThanThePayload() {
        byte[] zero = PLAIN.clone();
        zero[0] = (byte) 0xA0;
        zero[14] = 0;
        assertMalformed(zero, "padding length is 0");

        byte[] tooLarge = PLAIN.clone();
        tooLarge[0] = (byte) 0xA0;
        tooLarge[14] = 4; // the payload has 3 bytes
        assertMalformed(tooLarge, "larger than the 3-byte payload");

        byte[] whole = PLAIN.clone();
        whole[0] = (byte) 0xA0;
        whole[14] = 3; // padding may take the whole payload
        assertThat(parses(whole).payloadLength()).isZero();
    }

    @Test
    void refusesNullAndRangesOutsideTheBuffer() {
        assertThatThrownBy(() -> RtpPacket.parse(null)).isInstanceOf(MalformedRtpException.class);
        assertThatThrownBy(() -> RtpPacket.parse(PLAIN, 4, PLAIN.length))
                .isInstanceOf(MalformedRtpException.class).hasMessageContaining("outside");
        assertThatThrownBy(() -> RtpPacket.parse(PLAIN, -1, 12)).isInstanceOf(MalformedRtpException.class);
        assertThatThrownBy(() -> RtpPacket.parse(PLAIN, 0, -1)).isInstanceOf(MalformedRtpException.class);
        assertThatThrownBy(() -> RtpPacket.parse(PLAIN, Integer.MAX_VALUE, Integer.MAX_VALUE))
                .isInstanceOf(MalformedRtpException.class);
    }

    @Test
    void copyDetachesThePayloadFromTheCallersBuffer() throws Exception {
        byte[] buffer = PLAIN.clone();
        RtpPacket copy = RtpPacket.parse(buffer).copy();
        Arrays.fill(buffer, (byte) 0);

        assertThat(copy.payloadOffset()).isZero();
        assertThat(copy.payloadLength()).isEqualTo(3);
        assertThat(copy.payloadByte(2)).isEqualTo(3);
        assertThat(copy.sequence()).isEqualTo(0xABCD);
    }

    private static RtpPacket parses(byte[] data) {
        return TestPacketizer.parse(data);
    }

    private static void assertMalformed(byte[] data, String message) {
        assertThatThrownBy(() -> RtpPacket.parse(data))
                .isInstanceOf(MalformedRtpException.class).hasMessageContaining(message);
    }
}
