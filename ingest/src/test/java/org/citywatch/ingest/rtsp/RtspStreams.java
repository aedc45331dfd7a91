package org.citywatch.ingest.rtsp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/** Builds RTSP-over-TCP byte streams and reads back what a splitter emitted, for the tests. */
final class RtspStreams {

    private RtspStreams() {
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] frame(int channel, byte[] payload) {
        byte[] b = new byte[4 + payload.length];
        b[0] = '$';
        b[1] = (byte) channel;
        b[2] = (byte) (payload.length >> 8);
        b[3] = (byte) payload.length;
        System.arraycopy(payload, 0, b, 4, payload.length);
        return b;
    }

    static byte[] message(String startLine, int cseq, String contentLengthName, byte[] body) {
        StringBuilder h = new StringBuilder(startLine).append("\r\nCSeq: ").append(cseq).append("\r\n");
        if (body.length > 0) {
            h.append("Content-Type: application/sdp\r\n").append(contentLengthName).append(": ")
                    .append(body.length).append("\r\n");
        }
        h.append("\r\n");
        return concat(ascii(h.toString()), body);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** A random unit: a response with or without body, a request from the server, or a frame. */
    static byte[] randomUnit(Random r, int cseq) {
        return switch (r.nextInt(5)) {
            case 0 -> message("RTSP/1.0 200 OK", cseq, "Content-Length", new byte[0]);
            case 1 -> message("RTSP/1.0 200 OK", cseq, r.nextBoolean() ? "content-length" : "CONTENT-LENGTH",
                    randomBytes(r, 1 + r.nextInt(600)));
            case 2 -> message(r.nextBoolean() ? "SET_PARAMETER rtsp://cam/live RTSP/1.0" : "OPTIONS * RTSP/1.0",
                    cseq, "Content-Length", r.nextBoolean() ? ascii("ping: 1\r\n") : new byte[0]);
            default -> frame(r.nextInt(256), randomBytes(r, r.nextInt(20) == 0 ? 65535 : r.nextInt(1500)));
        };
    }

    /** Bytes that may look like frames and messages: '$', "RTSP/", CR and LF appear often. */
    static byte[] randomBytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        for (int i = 0; i + 5 < n; i += 1 + r.nextInt(50)) {
            byte[] pattern = ascii(List.of("$", "RTSP/", "\r\n", "\n\n", "GET ").get(r.nextInt(5)));
            System.arraycopy(pattern, 0, b, i, pattern.length);
        }
        return b;
    }

    /** Writes {@code data} in chunks of random size (1..maxChunk). */
    static void writeInChunks(EmbeddedChannel ch, byte[] data, Random r, int maxChunk) {
        int at = 0;
        while (at < data.length) {
            int n = Math.min(data.length - at, 1 + r.nextInt(maxChunk));
            ch.writeInbound(Unpooled.wrappedBuffer(data, at, n));
            at += n;
        }
    }

    /** What a splitter-only channel emitted: frames as "F<ch>:<hex>", messages as "M:<hex>" of their bytes. */
    static List<String> drain(EmbeddedChannel ch) {
        List<String> out = new ArrayList<>();
        for (Object o; (o = ch.readInbound()) != null; ) {
            if (o instanceof InterleavedFrame f) {
                out.add(describeFrame(f.channel(), f.payload()));
            } else {
                ByteBuf b = (ByteBuf) o;
                byte[] bytes = new byte[b.readableBytes()];
                b.readBytes(bytes);
                b.release();
                out.add("M:" + HexFormat.of().formatHex(bytes));
            }
        }
        return out;
    }

    /** The same description for an expected unit built by {@link #frame} or {@link #message}. */
    static String describe(byte[] unit) {
        if (unit[0] == '$') {
            byte[] payload = new byte[unit.length - 4];
            System.arraycopy(unit, 4, payload, 0, payload.length);
            return describeFrame(unit[1] & 0xff, payload);
        }
        return "M:" + HexFormat.of().formatHex(unit);
    }

    private static String describeFrame(int channel, byte[] payload) {
        return "F" + channel + ":" + HexFormat.of().formatHex(payload);
    }
}
