package org.citywatch.ingest.rtp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The latest known parameter sets of a stream (out-of-band from SDP, then in-band), kept so that every
 * keyframe can be made self-contained. Per kind (VPS/SPS/PPS) the group seen in the latest access unit
 * that carried that kind replaces the previous group, so several PPS sent together are all kept.
 */
final class ParameterSets {

    private final NalSyntax syntax;
    private final List<List<byte[]>> groups = new ArrayList<>();
    private int annexBBytes;

    ParameterSets(NalSyntax syntax, List<byte[]> outOfBand) {
        this.syntax = syntax;
        for (int i = 0; i < syntax.parameterSetKinds(); i++) {
            groups.add(new ArrayList<>());
        }
        for (byte[] nal : outOfBand) {
            // Not a parameter set (or empty, or with the forbidden bit): useless to a decoder, skip it.
            if (nal != null && nal.length >= syntax.headerBytes() && nal[0] >= 0) {
                int slot = syntax.parameterSetSlot(syntax.nalType(nal, 0));
                if (slot >= 0) {
                    groups.get(slot).add(nal.clone());
                }
            }
        }
        recount();
    }

    /**
     * Learns the parameter sets of a complete access unit.
     *
     * @param starts      offset of each NAL unit's 4-byte start code in {@code au}
     * @param presentMask bit i set when kind i occurs in the unit
     */
    void update(byte[] au, int[] starts, int count, int length, int presentMask) {
        if (presentMask == 0) {
            return;
        }
        for (int slot = 0; slot < groups.size(); slot++) {
            if ((presentMask & (1 << slot)) != 0) {
                groups.get(slot).clear();
            }
        }
        for (int i = 0; i < count; i++) {
            int from = starts[i] + 4;
            int slot = syntax.parameterSetSlot(syntax.nalType(au, from));
            if (slot >= 0) {
                groups.get(slot).add(Arrays.copyOfRange(au, from, i + 1 < count ? starts[i + 1] : length));
            }
        }
        recount();
    }

    /** Bit mask with one bit per parameter set kind. */
    int allKinds() {
        return (1 << groups.size()) - 1;
    }

    /** Size of all known parameter sets in Annex-B form. */
    int annexBBytes() {
        return annexBBytes;
    }

    /** Writes all known parameter sets, in decoding order, each after a start code. */
    void writeAnnexB(byte[] dst, int at) {
        for (List<byte[]> group : groups) {
            for (byte[] nal : group) {
                dst[at] = 0;
                dst[at + 1] = 0;
                dst[at + 2] = 0;
                dst[at + 3] = 1;
                System.arraycopy(nal, 0, dst, at + 4, nal.length);
                at += 4 + nal.length;
            }
        }
    }

    private void recount() {
        long total = 0;
        for (List<byte[]> group : groups) {
            for (byte[] nal : group) {
                total += 4 + nal.length;
            }
        }
        annexBBytes = (int) Math.min(total, Integer.MAX_VALUE);
    }

    /**
     * Decodes SDP parameter set values (RFC 6184 section 8.1 {@code sprop-parameter-sets}: comma-separated
     * base64 NAL units; RFC 7798 section 7.1 {@code sprop-vps/sps/pps} likewise). Null values, empty
     * entries and invalid base64 are skipped: cameras get these wrong, and in-band sets follow anyway.
     */
    static List<byte[]> decodeSprop(String... values) {
        List<byte[]> nals = new ArrayList<>();
        for (String value : values) {
            if (value == null) {
                continue;
            }
            for (String entry : value.split(",")) {
                try {
                    byte[] nal = Base64.getDecoder().decode(entry.strip());
                    if (nal.length > 0) {
                        nals.add(nal);
                    }
                } catch (IllegalArgumentException invalidBase64) {
                    // skipped, see above
                }
            }
        }
        return nals;
    }
}
