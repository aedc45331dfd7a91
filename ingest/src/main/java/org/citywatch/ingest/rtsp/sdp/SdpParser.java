package org.citywatch.ingest.rtsp.sdp;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * Parses the SDP (RFC 4566) of an RTSP DESCRIBE answer, leniently: cameras send CRLF or LF, trailing
 * blanks and NULs, unknown lines and attributes in odd places, so everything that is not fatal is skipped
 * with a warning. Throws {@link SdpException} only when the text is no SDP at all; never anything else.
 */
public final class SdpParser {

    /** Caps: a camera's SDP is a few hundred bytes; anything near these is hostile or broken. */
    public static final int MAX_CHARS = 64 * 1024;
    public static final int MAX_MEDIA = 64;
    static final int MAX_WARNINGS = 64;

    /** RFC 3986 scheme followed by "://": the control is an absolute URL (rtsp://, rtsps://, ...). */
    private static final Pattern ABSOLUTE = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://");
    private static final Pattern LINE_BREAK = Pattern.compile("\r\n|\n|\r");
    private static final Pattern BLANKS = Pattern.compile("\\s+");

    private SdpParser() {
    }

    /**
     * @param sdp  the DESCRIBE body
     * @param base Content-Base, else Content-Location, else the request URL (RFC 2326 appendix C.1.1)
     */
    public static SessionDescription parse(String sdp, URI base) throws SdpException {
        Objects.requireNonNull(base, "base");
        if (sdp == null || sdp.isBlank()) {
            throw new SdpException("empty SDP");
        }
        if (sdp.length() > MAX_CHARS) {
            throw new SdpException("SDP of " + sdp.length() + " characters is over the cap of " + MAX_CHARS);
        }
        List<String> warnings = new ArrayList<>();
        String sessionControl = null;
        List<Section> sections = new ArrayList<>();
        Section current = null;
        boolean skippingBadSection = false;
        String firstBadMLine = null;
        int mLines = 0;
        String[] lines = LINE_BREAK.split(sdp, -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].trim(); // trim() also drops the NULs some cameras append
            if (line.isEmpty()) {
                continue;
            }
            if (line.length() < 2 || line.charAt(1) != '=') {
                warn(warnings, "line " + (i + 1) + " is not <type>=<value>, skipped: " + shorten(line));
                continue;
            }
            String value = line.substring(2).trim();
            switch (line.charAt(0)) {
                case 'm' -> {
                    if (++mLines > MAX_MEDIA) {
                        throw new SdpException("more than " + MAX_MEDIA + " m= lines");
                    }
                    current = Section.parse(value, warnings);
                    skippingBadSection = current == null;
                    if (current == null) {
                        warn(warnings, "bad m= line skipped with its attributes: " + shorten(line));
                        firstBadMLine = firstBadMLine == null ? line : firstBadMLine;
                    } else {
                        sections.add(current);
                    }
                }
                case 'a' -> {
                    if (skippingBadSection) {
                        continue;
                    }
                    if (current != null) {
                        current.attribute(value, warnings);
                    } else if (attributeName(value).equals("control")) {
                        sessionControl = attributeValue(value);
                    }
                }
                default -> {
                    // v=, o=, s=, c=, t=, b=, i=, ... carry nothing an RTSP client needs.
                }
            }
        }
        if (mLines == 0) {
            throw new SdpException("no m= line");
        }
        if (sections.isEmpty()) {
            throw new SdpException("bad m= line: " + shorten(firstBadMLine));
        }
        Optional<String> session = Optional.ofNullable(sessionControl).filter(s -> !s.isEmpty());
        URI sessionUri = resolve(session.orElse(null), base, base, warnings);
        List<MediaDescription> media = new ArrayList<>();
        for (Section s : sections) {
            media.add(s.build(resolve(s.control, sessionUri, sessionUri, warnings), warnings));
        }
        return new SessionDescription(session, sessionUri, media, warnings);
    }

    /**
     * RFC 2326 appendix C.1.1. Absolute: kept. "*" or absent: {@code fallback}. Relative: appended to
     * {@code base} with one '/' between them. Not RFC 3986 resolution, which would replace the last path
     * segment ("rtsp://cam/live" + "track1" = "rtsp://cam/track1"): live555, GStreamer, Hikvision and Axis
     * servers expect "rtsp://cam/live/track1", and FFmpeg and gortsplib build it that way.
     */
    static URI resolve(String control, URI base, URI fallback, List<String> warnings) {
        if (control == null || control.isEmpty() || control.equals("*")) {
            return fallback;
        }
        String joined;
        if (ABSOLUTE.matcher(control).find()) {
            joined = control;
        } else {
            String b = base.toString();
            boolean slashEnd = b.endsWith("/");
            if (slashEnd && control.startsWith("/")) {
                joined = b + control.substring(1);
            } else if (slashEnd || control.startsWith("/") || control.startsWith("?")) {
                joined = b + control;
            } else {
                joined = b + "/" + control;
            }
        }
        try {
            return new URI(joined);
        } catch (URISyntaxException e) {
            warn(warnings, "control " + shorten(control) + " gives no valid URI, using " + fallback);
            return fallback;
        }
    }

    /** A small non-negative decimal of at most {@code max}, or -1: never a NumberFormatException. */
    static int parseUnsigned(String s, int max) {
        if (s.isEmpty() || s.length() > 10) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v > max ? -1 : (int) v;
    }

    static String shorten(String s) {
        String printable = s.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() <= 80 ? printable : printable.substring(0, 77) + "...";
    }

    static void warn(List<String> warnings, String warning) {
        if (warnings.size() < MAX_WARNINGS) {
            warnings.add(warning);
        } else if (warnings.size() == MAX_WARNINGS) {
            warnings.add("more warnings left out");
        }
    }

    private static String attributeName(String attribute) {
        int colon = attribute.indexOf(':');
        return (colon < 0 ? attribute : attribute.substring(0, colon)).trim().toLowerCase(Locale.ROOT);
    }

    private static String attributeValue(String attribute) {
        int colon = attribute.indexOf(':');
        return colon < 0 ? "" : attribute.substring(colon + 1).trim();
    }

    /** A media section while it is being read. */
    private static final class Section {
        final String media;
        final int port;
        final String protocol;
        final List<Integer> payloadTypes;
        final Map<Integer, RtpMap> rtpmaps = new LinkedHashMap<>();
        final Map<Integer, Map<String, String>> fmtps = new LinkedHashMap<>();
        String control;

        private Section(String media, int port, String protocol, List<Integer> payloadTypes) {
            this.media = media;
            this.port = port;
            this.protocol = protocol;
            this.payloadTypes = payloadTypes;
        }

        /** {@code <media> <port>[/<count>] <proto> <fmt> ...} (RFC 4566 section 5.14), or null when bad. */
        static Section parse(String value, List<String> warnings) {
            String[] t = BLANKS.split(value);
            if (t.length < 4 || t[0].isEmpty()) {
                return null;
            }
            int slash = t[1].indexOf('/');
            int port = parseUnsigned(slash < 0 ? t[1] : t[1].substring(0, slash), 65535);
            if (port < 0) {
                return null;
            }
            List<Integer> pts = new ArrayList<>();
            for (int i = 3; i < t.length; i++) {
                int pt = parseUnsigned(t[i], 127);
                if (pt < 0) {
                    warn(warnings, "m=" + t[0] + ": format " + shorten(t[i]) + " is no RTP payload type, left out");
                } else if (!pts.contains(pt)) {
                    pts.add(pt);
                }
            }
            return new Section(t[0].toLowerCase(Locale.ROOT), port, t[2], pts);
        }

        void attribute(String attribute, List<String> warnings) {
            String name = attributeName(attribute);
            String value = attributeValue(attribute);
            switch (name) {
                case "control" -> control = value;
                case "rtpmap" -> rtpmap(value, warnings);
                case "fmtp" -> fmtp(value, warnings);
                default -> {
                    // recvonly, framerate, range, x-dimensions, ...: not needed to receive the stream
                }
            }
        }

        /** {@code <pt> <encoding>/<clock>[/<channels>]} (RFC 4566 section 6). */
        private void rtpmap(String value, List<String> warnings) {
            String[] pt = splitPayloadType(value);
            int type = pt == null ? -1 : parseUnsigned(pt[0], 127);
            String[] enc = pt == null ? new String[0] : pt[1].split("/", -1);
            int clock = enc.length >= 2 ? parseUnsigned(enc[1].trim(), Integer.MAX_VALUE) : -1;
            int channels = enc.length >= 3 ? parseUnsigned(enc[2].trim(), 255) : 0;
            if (type < 0 || enc.length > 3 || enc[0].isBlank() || clock <= 0 || channels < 0) {
                warn(warnings, "bad rtpmap skipped: " + shorten(value));
            } else if (!payloadTypes.contains(type)) {
                warn(warnings, "rtpmap for payload type " + type + " not in m=" + media + ", skipped");
            } else if (rtpmaps.containsKey(type)) {
                warn(warnings, "second rtpmap for payload type " + type + " skipped");
            } else {
                rtpmaps.put(type, new RtpMap(enc[0].trim().toUpperCase(Locale.ROOT), clock,
                        enc.length == 3 ? OptionalInt.of(channels) : OptionalInt.empty()));
            }
        }

        /** {@code <pt> key=value;key=value} (RFC 4566 section 6; parameters per RFC 6184/7798). */
        private void fmtp(String value, List<String> warnings) {
            String[] pt = splitPayloadType(value);
            int type = pt == null ? -1 : parseUnsigned(pt[0], 127);
            if (type < 0) {
                warn(warnings, "bad fmtp skipped: " + shorten(value));
                return;
            }
            if (!payloadTypes.contains(type)) {
                warn(warnings, "fmtp for payload type " + type + " not in m=" + media + ", skipped");
                return;
            }
            Map<String, String> params = fmtps.computeIfAbsent(type, k -> new LinkedHashMap<>());
            for (String p : pt[1].split(";")) {
                int eq = p.indexOf('='); // only the first: base64 values end in '='
                String key = (eq < 0 ? p : p.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
                if (!key.isEmpty()) {
                    params.put(key, eq < 0 ? "" : p.substring(eq + 1).trim());
                }
            }
        }

        private static String[] splitPayloadType(String value) {
            String[] two = BLANKS.split(value.trim(), 2);
            return two.length == 2 ? two : (two[0].isEmpty() ? null : new String[] {two[0], ""});
        }

        MediaDescription build(URI controlUri, List<String> warnings) {
            for (int pt : payloadTypes) {
                RtpMap fixed = RtpMap.staticPayloadType(pt);
                if (!rtpmaps.containsKey(pt) && fixed != null) {
                    rtpmaps.put(pt, fixed);
                }
                // Decode once here only to report bad base64; the accessors decode again on demand.
                Map<String, String> params = fmtps.getOrDefault(pt, Map.of());
                for (String name : List.of("sprop-parameter-sets", "sprop-vps", "sprop-sps", "sprop-pps")) {
                    List<String> found = new ArrayList<>();
                    ParameterSets.decode(params.get(name), name, found);
                    found.forEach(w -> warn(warnings, "m=" + media + " payload type " + pt + ": " + w));
                }
            }
            Optional<String> c = Optional.ofNullable(control).filter(s -> !s.isEmpty());
            return new MediaDescription(media, port, protocol, payloadTypes, rtpmaps, fmtps, c, controlUri);
        }
    }
}
