package org.citywatch.ingest.rtsp.client;

import java.util.OptionalInt;

/**
 * The parts of a SETUP response's {@code Transport} header (RFC 2326 section 12.39) that the client uses:
 * the interleaved channels (TCP) or the server's ports (UDP).
 */
record TransportHeader(OptionalInt rtpChannel, OptionalInt rtcpChannel, OptionalInt serverRtpPort) {

    static TransportHeader parse(String value) {
        OptionalInt rtp = OptionalInt.empty();
        OptionalInt rtcp = OptionalInt.empty();
        OptionalInt serverPort = OptionalInt.empty();
        if (value != null) {
            // Several transports may be listed, comma-separated; the server answers with the one it chose.
            String first = value.split(",", 2)[0];
            for (String part : first.split(";")) {
                String p = part.trim();
                int eq = p.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String key = p.substring(0, eq).trim().toLowerCase(java.util.Locale.ROOT);
                int[] range = range(p.substring(eq + 1).trim());
                if (range == null) {
                    continue;
                }
                if (key.equals("interleaved")) {
                    rtp = OptionalInt.of(range[0]);
                    rtcp = OptionalInt.of(range[1]);
                } else if (key.equals("server_port")) {
                    serverPort = OptionalInt.of(range[0]);
                }
            }
        }
        return new TransportHeader(rtp, rtcp, serverPort);
    }

    /** "a-b" or "a" as [a, b] (b = a + 1 when absent), or null when not numbers in range. */
    private static int[] range(String s) {
        try {
            int dash = s.indexOf('-');
            int a = Integer.parseInt(dash < 0 ? s : s.substring(0, dash).trim());
            int b = dash < 0 ? a + 1 : Integer.parseInt(s.substring(dash + 1).trim());
            return a >= 0 && a <= 65535 && b >= 0 && b <= 65535 ? new int[] {a, b} : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
