package org.citywatch.ingest.rtsp.sdp;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Decodes the base64 parameter-set lists of RFC 6184 / RFC 7798 fmtp lines, skipping what is not base64. */
final class ParameterSets {

    /** RFC 7798 section 7.1, in the order a decoder needs them. */
    static final List<String> H265_NAMES = List.of("sprop-vps", "sprop-sps", "sprop-pps");

    private ParameterSets() {
    }

    /**
     * Each comma-separated base64 item of {@code value}; an invalid or empty item is skipped and, when not
     * empty, reported in {@code warnings}. Null value gives an empty list.
     */
    static List<byte[]> decode(String value, String name, List<String> warnings) {
        List<byte[]> sets = new ArrayList<>();
        if (value == null) {
            return sets;
        }
        for (String item : value.split(",", -1)) {
            // Some cameras put spaces after the commas; base64 itself has none.
            String b64 = item.strip();
            if (b64.isEmpty()) {
                continue;
            }
            try {
                byte[] bytes = Base64.getDecoder().decode(b64);
                if (bytes.length > 0) {
                    sets.add(bytes);
                }
            } catch (IllegalArgumentException e) {
                warnings.add(name + ": skipped a set that is not base64: " + SdpParser.shorten(b64));
            }
        }
        return sets;
    }
}
