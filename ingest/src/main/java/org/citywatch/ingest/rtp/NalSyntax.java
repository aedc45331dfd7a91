package org.citywatch.ingest.rtp;

/**
 * The NAL unit header rules the assembler needs, per codec: everything else about the two codecs lives in
 * the RTP payload formats of {@link H264Depacketizer} and {@link H265Depacketizer}.
 */
final class NalSyntax {

    /** H.264 (ITU-T H.264 table 7-1): 1-byte header, IDR = 5, SPS 7, PPS 8, AUD 9. */
    static final NalSyntax H264 = new NalSyntax(VideoCodec.H264, 1, 5, 5, 9, 7, 8);
    /** H.265 (ITU-T H.265 table 7-1): 2-byte header, IRAP = 16..21, VPS 32, SPS 33, PPS 34, AUD 35. */
    static final NalSyntax H265 = new NalSyntax(VideoCodec.H265, 2, 16, 21, 35, 32, 33, 34);

    private final VideoCodec codec;
    private final int headerBytes;
    private final int firstKeyType;
    private final int lastKeyType;
    private final int delimiterType;
    /** Parameter set types in the order a decoder needs them. */
    private final int[] parameterSetTypes;

    private NalSyntax(VideoCodec codec, int headerBytes, int firstKeyType, int lastKeyType, int delimiterType,
                      int... parameterSetTypes) {
        this.codec = codec;
        this.headerBytes = headerBytes;
        this.firstKeyType = firstKeyType;
        this.lastKeyType = lastKeyType;
        this.delimiterType = delimiterType;
        this.parameterSetTypes = parameterSetTypes;
    }

    VideoCodec codec() {
        return codec;
    }

    int headerBytes() {
        return headerBytes;
    }

    /** Type of the NAL unit whose header starts at {@code b[off]} (caller checked headerBytes are there). */
    int nalType(byte[] b, int off) {
        return codec == VideoCodec.H264 ? b[off] & 0x1F : (b[off] >> 1) & 0x3F;
    }

    /** Type in a header given as an int (1 byte for H.264, 2 bytes big-endian for H.265). */
    int typeOfHeader(int header) {
        return codec == VideoCodec.H264 ? header & 0x1F : (header >> 9) & 0x3F;
    }

    boolean isKeyframe(int type) {
        return type >= firstKeyType && type <= lastKeyType;
    }

    boolean isDelimiter(int type) {
        return type == delimiterType;
    }

    int parameterSetKinds() {
        return parameterSetTypes.length;
    }

    /** Index of the type among the parameter sets, or -1. */
    int parameterSetSlot(int type) {
        for (int i = 0; i < parameterSetTypes.length; i++) {
            if (parameterSetTypes[i] == type) {
                return i;
            }
        }
        return -1;
    }
}
