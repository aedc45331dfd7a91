package org.citywatch.ingest.rtp;

import java.util.List;

/**
 * H.264 over RTP, RFC 6184, packetization-mode 0 and 1 (non-interleaved): single NAL unit packets,
 * STAP-A and FU-A. STAP-B, MTAP16/24 and FU-B exist only in interleaved mode (mode 2), which cameras do
 * not use; they, undefined types and the forbidden bit drop the access unit (counted) and resync.
 */
public final class H264Depacketizer extends DepacketizerBase implements Depacketizer {

    private static final int STAP_A = 24;
    private static final int FU_A = 28;

    /**
     * @param spropParameterSets SPS and PPS NAL units without start codes, from the SDP
     *                           {@code sprop-parameter-sets} (may be empty; other NAL types are ignored)
     */
    public H264Depacketizer(List<byte[]> spropParameterSets) {
        this(spropParameterSets, DepacketizerLimits.DEFAULT);
    }

    public H264Depacketizer(List<byte[]> spropParameterSets, DepacketizerLimits limits) {
        super(NalSyntax.H264, spropParameterSets, limits);
    }

    /**
     * From the SDP attribute value as it stands ({@code a=fmtp:96 ...;sprop-parameter-sets=Z0IA...,aM4...}):
     * comma-separated base64 (RFC 6184 section 8.1); null when absent. Invalid entries are skipped.
     */
    public static H264Depacketizer fromSprop(String spropParameterSets) {
        return new H264Depacketizer(ParameterSets.decodeSprop(spropParameterSets));
    }

    @Override
    void depacketize(byte[] b, int off, int len) {
        int header = b[off] & 0xFF;
        int type = header & 0x1F;
        if ((header & 0x80) != 0) {
            assembler.malformed(); // F bit: the sender knows of a bit error (RFC 6184 5.3)
        } else if (type >= 1 && type <= 23) {
            assembler.nalUnit(b, off, len); // single NAL unit packet (5.6)
        } else if (type == STAP_A) {
            aggregate(b, off + 1, off + len);
        } else if (type == FU_A) {
            fragment(b, off, len);
        } else {
            assembler.malformed(); // 0 and 30-31 undefined; 25-27 and 29 interleaved mode only (5.2)
        }
    }

    /** STAP-A (5.7.1): repeated 16-bit size and NAL unit, at least one. */
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
            if (size == 0 || size > end - pos) {
                assembler.malformed(); // never trust a length before checking it against what is left
                return;
            }
            int type = b[pos] & 0x1F;
            if ((b[pos] & 0x80) != 0 || type == 0 || type > 23) {
                assembler.malformed(); // aggregates carry plain NAL units only
                return;
            }
            assembler.nalUnit(b, pos, size);
            pos += size;
        }
    }

    /** FU-A (5.8): FU indicator (F, NRI), FU header (S, E, R, type), fragment. */
    private void fragment(byte[] b, int off, int len) {
        if (len < 2) {
            assembler.malformed();
            return;
        }
        int fu = b[off + 1] & 0xFF;
        boolean start = (fu & 0x80) != 0;
        boolean end = (fu & 0x40) != 0;
        int type = fu & 0x1F;
        if ((start && end) || type == 0 || type > 23) {
            // A NAL unit must not be sent as a single fragment, nor can a fragment hold an aggregate.
            assembler.malformed();
        } else if (start) {
            assembler.fragmentStart((b[off] & 0xE0) | type, b, off + 2, len - 2);
        } else {
            assembler.fragmentContinue(type, b, off + 2, len - 2, end);
        }
    }
}
