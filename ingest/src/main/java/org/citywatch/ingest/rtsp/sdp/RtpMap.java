package org.citywatch.ingest.rtsp.sdp;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * One {@code a=rtpmap:<pt> <encoding>/<clock>[/<channels>]} attribute (RFC 4566 section 6), or the
 * static assignment of RFC 3551 table 4/5 when the SDP omits it for a static payload type.
 *
 * @param encoding  encoding name, upper-cased ("H264", "H265", "PCMA", "MPEG4-GENERIC")
 * @param clockRate RTP clock rate in Hz (90000 for video)
 * @param channels  audio channels when given
 */
public record RtpMap(String encoding, int clockRate, OptionalInt channels) {

    public RtpMap {
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(channels, "channels");
    }

    /** RFC 3551 section 6: payload types that need no rtpmap. Only those a camera may send. */
    static RtpMap staticPayloadType(int pt) {
        return switch (pt) {
            case 0 -> new RtpMap("PCMU", 8000, OptionalInt.of(1));
            case 8 -> new RtpMap("PCMA", 8000, OptionalInt.of(1));
            case 14 -> new RtpMap("MPA", 90000, OptionalInt.empty());
            case 26 -> new RtpMap("JPEG", 90000, OptionalInt.empty());
            case 32 -> new RtpMap("MPV", 90000, OptionalInt.empty());
            case 33 -> new RtpMap("MP2T", 90000, OptionalInt.empty());
            case 34 -> new RtpMap("H263", 90000, OptionalInt.empty());
            default -> null;
        };
    }
}
