package org.citywatch.ingest.rtp;

import java.util.Arrays;
import java.util.Objects;

/**
 * One RTP packet (RFC 3550 section 5.1), version 2. The payload is not copied: it is
 * {@code buffer[payloadOffset, payloadOffset + payloadLength)}, with the CSRC list, the header extension
 * and the padding already stripped. The buffer is shared with the caller, so this record is only valid
 * while the caller keeps the buffer unchanged; {@link #copy()} detaches it. Equality is by buffer
 * identity (records compare arrays by reference).
 *
 * @param padding       the P bit was set (the padding is already excluded from the payload)
 * @param extension     the X bit was set (the extension is skipped; its contents are not kept)
 * @param csrcCount     number of CSRC identifiers (0..15), skipped
 * @param marker        the M bit; for H.264/H.265 the last packet of an access unit
 * @param payloadType   0..127
 * @param sequence      0..65535
 * @param timestamp     unsigned 32-bit RTP timestamp
 * @param ssrc          unsigned 32-bit synchronisation source
 */
public record RtpPacket(boolean padding, boolean extension, int csrcCount, boolean marker, int payloadType,
                        int sequence, long timestamp, long ssrc, byte[] buffer, int payloadOffset,
                        int payloadLength) {

    /** Fixed header length (RFC 3550 section 5.1). */
    public static final int HEADER_BYTES = 12;

    public RtpPacket {
        Objects.requireNonNull(buffer, "buffer");
        Objects.checkFromIndexSize(payloadOffset, payloadLength, buffer.length);
        if (csrcCount < 0 || csrcCount > 15 || payloadType < 0 || payloadType > 127
                || sequence < 0 || sequence > 0xFFFF || timestamp < 0 || timestamp > 0xFFFF_FFFFL
                || ssrc < 0 || ssrc > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("RTP header field out of range");
        }
    }

    /** Parses a whole array; see {@link #parse(byte[], int, int)}. */
    public static RtpPacket parse(byte[] data) throws MalformedRtpException {
        return parse(data, 0, data == null ? 0 : data.length);
    }

    /**
     * Parses the RTP packet in {@code data[offset, offset + length)} without copying the payload.
     *
     * @throws MalformedRtpException for every input that is not a valid RTP version 2 packet (and for a
     *                               null array or a range outside it); never anything else
     */
    public static RtpPacket parse(byte[] data, int offset, int length) throws MalformedRtpException {
        if (data == null || offset < 0 || length < 0 || offset > data.length - length) {
            throw new MalformedRtpException("range offset=" + offset + " length=" + length
                    + " is outside the " + (data == null ? "null" : data.length + "-byte") + " buffer");
        }
        if (length < HEADER_BYTES) {
            throw new MalformedRtpException("too short: " + length + " bytes, the RTP header alone is 12");
        }
        int b0 = data[offset] & 0xFF;
        int b1 = data[offset + 1] & 0xFF;
        int version = b0 >>> 6;
        if (version != 2) {
            throw new MalformedRtpException("RTP version " + version + ", only version 2 exists");
        }
        boolean padding = (b0 & 0x20) != 0;
        boolean extension = (b0 & 0x10) != 0;
        int csrcCount = b0 & 0x0F;
        int header = HEADER_BYTES + 4 * csrcCount;
        if (header > length) {
            throw new MalformedRtpException("CSRC list of " + csrcCount + " entries runs past the end of a "
                    + length + "-byte packet");
        }
        if (extension) {
            // RFC 3550 section 5.3.1: 16-bit profile, 16-bit length in 32-bit words, then the words.
            if (header + 4 > length) {
                throw new MalformedRtpException("header extension runs past the end of a " + length
                        + "-byte packet");
            }
            int words = u16(data, offset + header + 2);
            header += 4 + 4 * words;
            if (header > length) {
                throw new MalformedRtpException("header extension of " + words + " words runs past the end of a "
                        + length + "-byte packet");
            }
        }
        int end = length;
        if (padding) {
            // RFC 3550 section 5.1: the last octet counts the padding octets, itself included.
            int pad = data[offset + length - 1] & 0xFF;
            if (pad == 0) {
                throw new MalformedRtpException("padding bit set but padding length is 0");
            }
            if (pad > length - header) {
                throw new MalformedRtpException("padding of " + pad + " bytes is larger than the "
                        + (length - header) + "-byte payload");
            }
            end -= pad;
        }
        return new RtpPacket(padding, extension, csrcCount, (b1 & 0x80) != 0, b1 & 0x7F,
                u16(data, offset + 2), u32(data, offset + 4), u32(data, offset + 8),
                data, offset + header, end - header);
    }

    /** The same packet with its payload copied into a new array of its own. */
    public RtpPacket copy() {
        byte[] own = Arrays.copyOfRange(buffer, payloadOffset, payloadOffset + payloadLength);
        return new RtpPacket(padding, extension, csrcCount, marker, payloadType, sequence, timestamp, ssrc,
                own, 0, own.length);
    }

    /** Payload byte {@code i} (0-based) as 0..255. */
    public int payloadByte(int i) {
        Objects.checkIndex(i, payloadLength);
        return buffer[payloadOffset + i] & 0xFF;
    }

    @Override
    public String toString() {
        return "RtpPacket[pt=" + payloadType + ", seq=" + sequence + ", ts=" + timestamp + ", ssrc=" + ssrc
                + ", marker=" + marker + ", payload=" + payloadLength + " bytes]";
    }

    static int u16(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }

    private static long u32(byte[] b, int i) {
        return ((long) u16(b, i) << 16) | u16(b, i + 2);
    }
}
