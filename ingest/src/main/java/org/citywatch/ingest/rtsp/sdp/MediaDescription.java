package org.citywatch.ingest.rtsp.sdp;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * One media section of a DESCRIBE answer: its {@code m=} line (RFC 4566 section 5.14) and the
 * attributes an RTSP client needs from it.
 *
 * @param media        media type, lower-cased ("video", "audio", "application")
 * @param port         the port of the m= line (usually 0 in RTSP: the transport is negotiated by SETUP)
 * @param protocol     e.g. "RTP/AVP"
 * @param payloadTypes the RTP payload types of the m= line, in its order (non-numeric formats are left out)
 * @param rtpmaps      per payload type its rtpmap (static RFC 3551 types filled in when the SDP has none)
 * @param fmtps        per payload type its fmtp parameters: keys lower-cased, values as sent, in order
 * @param control      the media-level {@code a=control} value as sent, if any
 * @param controlUri   the URI to SETUP this media with (RFC 2326 appendix C.1.1), resolved by the parser
 */
public record MediaDescription(String media, int port, String protocol, List<Integer> payloadTypes,
                               Map<Integer, RtpMap> rtpmaps, Map<Integer, Map<String, String>> fmtps,
                               Optional<String> control, URI controlUri) {

    public MediaDescription {
        Objects.requireNonNull(media, "media");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(control, "control");
        Objects.requireNonNull(controlUri, "controlUri");
        payloadTypes = List.copyOf(payloadTypes);
        rtpmaps = Collections.unmodifiableMap(new LinkedHashMap<>(rtpmaps));
        Map<Integer, Map<String, String>> f = new LinkedHashMap<>();
        fmtps.forEach((pt, params) -> f.put(pt, Collections.unmodifiableMap(new LinkedHashMap<>(params))));
        fmtps = Collections.unmodifiableMap(f);
    }

    public boolean isVideo() {
        return "video".equals(media);
    }

    public Optional<RtpMap> rtpmap(int payloadType) {
        return Optional.ofNullable(rtpmaps.get(payloadType));
    }

    /** The fmtp parameters of a payload type; empty when it has none. */
    public Map<String, String> fmtp(int payloadType) {
        return fmtps.getOrDefault(payloadType, Map.of());
    }

    /** The first payload type, in m= order, whose encoding is one of {@code encodings} (any case). */
    public OptionalInt payloadType(Set<String> encodings) {
        Set<String> wanted = upper(encodings);
        for (int pt : payloadTypes) {
            RtpMap map = rtpmaps.get(pt);
            if (map != null && wanted.contains(map.encoding())) {
                return OptionalInt.of(pt);
            }
        }
        return OptionalInt.empty();
    }

    /**
     * H.264 parameter sets (SPS, PPS) from {@code sprop-parameter-sets} (RFC 6184 section 8.1), of the first
     * payload type that has them. Sets that are not valid base64 are left out (the parser warned about them).
     */
    public List<byte[]> spropParameterSets() {
        return spropParameterSets(firstWith("sprop-parameter-sets"));
    }

    public List<byte[]> spropParameterSets(int payloadType) {
        return ParameterSets.decode(fmtp(payloadType).get("sprop-parameter-sets"), "sprop-parameter-sets",
                new ArrayList<>());
    }

    /**
     * H.265 parameter sets in decoding order VPS, SPS, PPS from {@code sprop-vps}, {@code sprop-sps},
     * {@code sprop-pps} (RFC 7798 section 7.1; each may hold several, comma separated), of the first payload
     * type that has any of them.
     */
    public List<byte[]> spropVpsSpsPps() {
        int pt = firstWith("sprop-vps");
        return spropVpsSpsPps(pt >= 0 ? pt : firstWith("sprop-sps"));
    }

    public List<byte[]> spropVpsSpsPps(int payloadType) {
        List<byte[]> sets = new ArrayList<>();
        Map<String, String> params = fmtp(payloadType);
        for (String name : ParameterSets.H265_NAMES) {
            sets.addAll(ParameterSets.decode(params.get(name), name, new ArrayList<>()));
        }
        return List.copyOf(sets);
    }

    /**
     * {@code packetization-mode} (RFC 6184 section 8.1) of the first payload type that states it; empty when
     * none does or it is not 0, 1 or 2. Absent means mode 0 (single NAL unit) per the RFC.
     */
    public OptionalInt packetizationMode() {
        return packetizationMode(firstWith("packetization-mode"));
    }

    public OptionalInt packetizationMode(int payloadType) {
        String v = fmtp(payloadType).get("packetization-mode");
        int mode = v == null ? -1 : SdpParser.parseUnsigned(v.trim(), 2);
        return mode < 0 ? OptionalInt.empty() : OptionalInt.of(mode);
    }

    private int firstWith(String param) {
        for (int pt : payloadTypes) {
            if (fmtp(pt).containsKey(param)) {
                return pt;
            }
        }
        return -1;
    }

    static Set<String> upper(Set<String> encodings) {
        Set<String> s = new HashSet<>();
        for (String e : encodings) {
            s.add(e.toUpperCase(Locale.ROOT));
        }
        return s;
    }
}
