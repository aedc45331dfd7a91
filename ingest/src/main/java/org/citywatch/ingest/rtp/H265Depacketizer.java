package org.citywatch.ingest.rtp;

import java.util.List;

/**
 * H.265 over RTP, RFC 7798: single NAL unit packets, aggregation packets (AP) and fragmentation units
 * (FU), with a 2-byte NAL unit header. Decoding order numbers are not supported: the stream must have
 * {@code sprop-max-don-diff} 0 (the default, and what cameras send), so no DONL/DOND fields. PACI
 * packets (50), unspecified types (51-63), the forbidden bit and TID 0 drop the access unit (counted).
 */
public final class H265Depacketizer extends DepacketizerBase implements Depacketizer {

    private static final int AP = 48;
    private static final int FU = 49;

    /**
     * @param vpsSpsPps VPS, SPS and PPS NAL units without start codes, from the SDP {@code sprop-vps},
     *                  {@code sprop-sps} and {@code sprop-pps} (may be empty; other types are ignored)
     */
    public H265Depacketizer(List<byte[]> vpsSpsPps) {
        this(vpsSpsPps, DepacketizerLimits.DEFAULT);
    }

    public H265Depacketizer(List<byte[]> vpsSpsPps, DepacketizerLimits limits) {
        super(NalSyntax.H265, vpsSpsPps, limits);
    }

    /**
     * From the SDP attribute values as they stand (RFC 7798 section 7.1: comma-separated base64); each may
     * be null when absent. Invalid entries are skipped.
     */
    public static H265Depacketizer fromSprop(String spropVps, String spropSps, String spropPps) {
        return new H265Depacketizer(ParameterSets.decodeSprop(spropVps, spropSps, spropPps));
    }

    @Override
    void depacketize(byte[] b, int off, int len) {
        if (len < 2 || !validHeader(b, off)) {
            assembler.malformed();
            return;
        }
        int type = (b[off] >> 1) & 0x3F;
        if (type < AP) {
            assembler.nalUnit(b, off, len); // single NAL unit packet (4.4.1)
        } else if (type == AP) {
            aggregate(b, off + 2, off + len);
        } else if (type == FU) {
            fragment(b, off, len);
        } else {
            assembler.malformed(); // PACI (4.4.4) and unspecified types
        }
    }

    /** Forbidden zero bit clear and nuh_temporal_id_plus1 not 0 (H.265 section 7.4.2.2). */
    private static boolean validHeader(byte[] b, int off) {
        return (b[off] & 0x80) == 0 && (b[off + 1] & 0x07) != 0;
    }

    /** AP (4.4.2) without DONL: repeated 16-bit size and NAL unit. */
    private void aggregate(byte[] b, int pos, int end) {
        if (pos == end) {
            assembler.malformed();
            return;
        }
        while (pos < end && assembler.accepting()) {
            if (end - pos < 2) {
                assembler.malformed();
                return;
            }
            int size = u16(b, pos);
            pos += 2;
            if (size < 2 || size > end - pos || !validHeader(b, pos) || ((b[pos] >> 1) & 0x3F) >= AP) {
                assembler.malformed(); // length checked before use; aggregates carry plain NAL units only
                return;
            }
            assembler.nalUnit(b, pos, size);
            pos += size;
        }
    }

    /** FU (4.4.3): payload header (type 49), FU header (S, E, FuType), fragment. */
    private void fragment(byte[] b, int off, int len) {
        if (len < 3) {
            assembler.malformed();
            return;
        }
        int fu = b[off + 2] & 0xFF;
        boolean start = (fu & 0x80) != 0;
        boolean end = (fu & 0x40) != 0;
        int type = fu & 0x3F;
        if ((start && end) || type >= AP) {
            assembler.malformed(); // a NAL unit must not be sent as a single fragment; no nested AP/FU
        } else if (start) {
            // The NAL unit header is the payload header with FuType in place of 49.
            int header = ((b[off] & 0x81) << 8 | (b[off + 1] & 0xFF)) | (type << 9);
            assembler.fragmentStart(header, b, off + 3, len - 3);
        } else {
            assembler.fragmentContinue(type, b, off + 3, len - 3, end);
        }
    }
}
