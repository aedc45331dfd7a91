package org.citywatch.ingest.clip;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.citywatch.ingest.rtp.VideoCodec;

/** The NAL units of an Annex-B access unit, and the parameter sets a keyframe carries in front of its slices. */
public final class AnnexB {

    private static final byte[] START_CODE = {0, 0, 0, 1};

    private AnnexB() {
    }

    /** The NAL units of an Annex-B buffer (3- or 4-byte start codes), without their start codes. */
    public static List<byte[]> split(byte[] b) {
        List<byte[]> nals = new ArrayList<>();
        int start = -1;
        int i = 0;
        while (i + 2 < b.length) {
            if (b[i] == 0 && b[i + 1] == 0 && b[i + 2] == 1) {
                if (start >= 0) {
                    nals.add(Arrays.copyOfRange(b, start, trimZeros(b, start, i)));
                }
                i += 3;
                start = i;
            } else {
                i++;
            }
        }
        if (start >= 0 && start < b.length) {
            nals.add(Arrays.copyOfRange(b, start, b.length));
        }
        return nals;
    }

    /** The zero of a 4-byte start code (and trailing_zero_8bits) belong to no NAL unit. */
    private static int trimZeros(byte[] b, int start, int end) {
        while (end > start && b[end - 1] == 0) {
            end--;
        }
        return end;
    }

    /** NAL unit type: H.264 (ITU-T H.264 7.3.1) 5 bits of a 1-byte header, H.265 (7.3.1.2) 6 bits of 2 bytes. */
    static int type(VideoCodec codec, byte[] nal) {
        if (nal.length == 0) {
            return -1;
        }
        return codec == VideoCodec.H264 ? nal[0] & 0x1F : (nal[0] >> 1) & 0x3F;
    }

    /**
     * The parameter sets of an access unit as Annex-B, in the order a decoder needs them (VPS, SPS, PPS): what MP4's
     * avcC / hvcC sample description is made from. Empty when the unit carries none.
     */
    static byte[] parameterSets(VideoCodec codec, byte[] accessUnit) {
        int[] order = codec == VideoCodec.H264 ? new int[] {7, 8} : new int[] {32, 33, 34};
        List<byte[]> nals = split(accessUnit);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<byte[]> taken = new ArrayList<>();
        for (int kind : order) {
            for (byte[] nal : nals) {
                // A set repeated in the unit (in-band and again in front, as some muxers leave it) is taken once.
                if (type(codec, nal) == kind && taken.stream().noneMatch(t -> Arrays.equals(t, nal))) {
                    taken.add(nal);
                    out.writeBytes(START_CODE);
                    out.writeBytes(nal);
                }
            }
        }
        return out.toByteArray();
    }

    /** True when every kind of parameter set the codec needs is there. */
    static boolean complete(VideoCodec codec, byte[] parameterSets) {
        int[] needed = codec == VideoCodec.H264 ? new int[] {7, 8} : new int[] {32, 33, 34};
        List<byte[]> nals = split(parameterSets);
        for (int kind : needed) {
            if (nals.stream().noneMatch(n -> type(codec, n) == kind)) {
                return false;
            }
        }
        return true;
    }
}
