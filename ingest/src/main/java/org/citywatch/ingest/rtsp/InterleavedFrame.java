package org.citywatch.ingest.rtsp;

import java.util.Arrays;
import java.util.Objects;

/**
 * One {@code $}-framed packet of an RTSP-over-TCP connection (RFC 2326 section 10.12): by the SETUP
 * {@code interleaved=} pair, usually RTP on the even channel and RTCP on the odd one. The payload is a
 * copy, not a reference-counted buffer, so nobody has to release it.
 *
 * @param channel 0..255
 * @param payload the RTP or RTCP packet, at most 65535 bytes
 */
public record InterleavedFrame(int channel, byte[] payload) {

    public InterleavedFrame {
        Objects.requireNonNull(payload, "payload");
        if (channel < 0 || channel > 255) {
            throw new IllegalArgumentException("channel " + channel + " is not 0..255");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InterleavedFrame f && f.channel == channel && Arrays.equals(f.payload, payload);
    }

    @Override
    public int hashCode() {
        return 31 * channel + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "InterleavedFrame[channel=" + channel + ", " + payload.length + " bytes]";
    }
}
