package org.citywatch.ingest.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.citywatch.ingest.testing.ScriptedRtspServer.Connection;
import org.citywatch.ingest.testing.ScriptedRtspServer.Request;
import org.citywatch.ingest.testing.ScriptedRtspServer.Script;

/** Ready-made {@link ScriptedRtspServer} scripts: the ways a camera answers badly, and one that answers well. */
public final class Scripts {

    private static final String PUBLIC = "Public: OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN, GET_PARAMETER";
    private static final String SESSION = "Session: 4F2A9C11;timeout=60";

    private Scripts() {
    }

    // ---- SDPs ----

    public static String sdp(String... mediaLines) {
        return "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=scripted\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\na=control:*\r\n"
                + String.join("\r\n", mediaLines) + "\r\n";
    }

    public static String sdpH264(H264Clip clip) {
        return sdp("m=video 0 RTP/AVP 96", "a=rtpmap:96 H264/90000", "a=fmtp:96 " + clip.fmtp(), "a=control:trackID=0");
    }

    public static String sdpAudioOnly() {
        return sdp("m=audio 0 RTP/AVP 0", "a=rtpmap:0 PCMU/8000", "a=control:trackID=1");
    }

    /** Motion JPEG on its static payload type 26 (RFC 3551), without an rtpmap, as cameras send it. */
    public static String sdpMjpeg() {
        return sdp("m=video 0 RTP/AVP 26", "a=control:trackID=0");
    }

    public static String sdpVp8() {
        return sdp("m=video 0 RTP/AVP 96", "a=rtpmap:96 VP8/90000", "a=control:trackID=0");
    }

    // ---- scripts ----

    /** Reads every request and never answers. */
    public static Script silent() {
        return Connection::holdOpen;
    }

    /** Reads the first request, answers with {@code garbage}, keeps the connection open and says nothing more. */
    public static Script garbage(byte[] garbage) {
        return c -> {
            c.next();
            c.write(garbage);
            c.holdOpen();
        };
    }

    /** Answers OPTIONS normally, DESCRIBE with {@code reply} as raw text (CSeq added), then closes or holds. */
    public static Script describeAnswer(String reply, boolean thenClose) {
        return c -> {
            Request describe = options(c);
            String text = reply.replaceFirst("\r\n", "\r\nCSeq: " + describe.cseq() + "\r\n");
            c.write(text.getBytes(StandardCharsets.ISO_8859_1));
            if (thenClose) {
                c.close();
            } else {
                c.holdOpen();
            }
        };
    }

    /** Answers OPTIONS normally, then half of a DESCRIBE answer (headers and part of the SDP), then closes. */
    public static Script halfAnswerThenClose(String sdp) {
        String head = "RTSP/1.0 200 OK\r\nContent-Type: application/sdp\r\nContent-Length: " + sdp.length() + "\r\n\r\n";
        return describeAnswer(head + sdp.substring(0, sdp.length() / 2), true);
    }

    /** A 200 DESCRIBE with {@code sdp}; whatever follows (SETUP of a track we should not want) is not answered. */
    public static Script describe(String sdp) {
        return c -> {
            Request d = options(c);
            c.reply(d, 200, "OK", sdp, "Content-Type: application/sdp", contentBase(c, d));
            c.holdOpen();
        };
    }

    /** OPTIONS answered; DESCRIBE answered 401 with a fresh Digest nonce (stale=TRUE) every time, forever. */
    public static Script unauthorized() {
        AtomicInteger nonces = new AtomicInteger();
        return c -> {
            for (Request r = c.next(); r != null; r = c.next()) {
                if (r.method().equals("OPTIONS")) {
                    c.reply(r, 200, "OK", null, PUBLIC);
                } else {
                    c.reply(r, 401, "Unauthorized", null, "WWW-Authenticate: Digest realm=\"scripted\", nonce=\"n"
                            + nonces.incrementAndGet() + "\", stale=TRUE");
                }
            }
        };
    }

    /**
     * Requests for {@code fromPath} get OPTIONS answered and DESCRIBE answered 302 with {@code Location:
     * location}, where "{port}" stands for the server's port; requests for any other path are played by
     * {@code then}.
     */
    public static Script redirect(String fromPath, String location, Script then) {
        return c -> {
            Request first = c.next();
            if (first == null) {
                return;
            }
            c.unread(first);
            if (!first.path().equals(fromPath)) {
                then.play(c);
                return;
            }
            Request d = options(c);
            c.reply(d, 302, "Found", null, "Location: " + location.replace("{port}", Integer.toString(c.server().port())));
            c.holdOpen();
        };
    }

    /** A normal camera: OPTIONS, DESCRIBE with {@code sdp}, SETUP (interleaved 0-1), PLAY; then {@code afterPlay}. */
    public static Script camera(String sdp, Script afterPlay) {
        return c -> {
            for (Request r = c.next(); r != null; r = c.next()) {
                switch (r.method()) {
                    case "OPTIONS" -> c.reply(r, 200, "OK", null, PUBLIC);
                    case "DESCRIBE" -> c.reply(r, 200, "OK", sdp, "Content-Type: application/sdp", contentBase(c, r));
                    case "SETUP" -> c.reply(r, 200, "OK", null, SESSION, "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
                    case "PLAY" -> {
                        c.reply(r, 200, "OK", null, SESSION, "Range: npt=0.000-");
                        Thread.ofVirtual().start(() -> answerKeepAlives(c));
                        afterPlay.play(c);
                        return;
                    }
                    default -> c.reply(r, 405, "Method Not Allowed", null);
                }
            }
        };
    }

    /**
     * After PLAY: the clip's access units at 10 per second, looped, forever; with {@code withJunk}, each is
     * followed by the {@link #malformedRtp()} packets and a frame on a channel nobody set up.
     */
    public static Script playClip(H264Clip clip, boolean withJunk) {
        return c -> {
            H264Clip.Packetizer packetizer = new H264Clip.Packetizer();
            long timestamp = 90_000;
            for (int i = 0; ; i++) {
                for (byte[] packet : packetizer.packetize(clip.units().get(i % clip.units().size()), timestamp)) {
                    c.interleaved(0, packet);
                }
                if (withJunk) {
                    sendJunk(c);
                }
                timestamp += 9_000;
                Thread.sleep(100);
            }
        };
    }

    /** After PLAY: only malformed RTP packets, ten a second, forever. */
    public static Script malformedRtpOnly() {
        return c -> {
            while (true) {
                sendJunk(c);
                Thread.sleep(100);
            }
        };
    }

    /** After PLAY: an interleaved frame that claims 65535 bytes but brings 1000, then the connection closes. */
    public static Script cutFrameThenClose() {
        return c -> {
            byte[] f = new byte[4 + 1000];
            f[0] = '$';
            f[2] = (byte) 0xFF;
            f[3] = (byte) 0xFF;
            f[4] = (byte) 0x80; // an RTP header starts, as if all was well
            f[5] = (byte) 96;
            c.write(f);
            c.close();
        };
    }

    /**
     * RTP packets that no receiver may use: too short, version 0, padding longer than the packet, a CSRC
     * list past the end, a header extension past the end, empty.
     */
    public static List<byte[]> malformedRtp() {
        byte[] versionZero = rtpHeader(0x00, 40);
        byte[] badPadding = rtpHeader(0xA0, 20);
        badPadding[badPadding.length - 1] = (byte) 200;
        byte[] csrcPastEnd = rtpHeader(0x8F, 4);
        byte[] extensionPastEnd = rtpHeader(0x90, 4);
        extensionPastEnd[14] = (byte) 0x7F; // 32,512 extension words
        return List.of(new byte[] {(byte) 0x80, 96, 0, 1, 0}, versionZero, badPadding, csrcPastEnd, extensionPastEnd,
                new byte[0]);
    }

    /** The {@link #malformedRtp()} packets in well-formed frames on the RTP channel, and junk on channel 7. */
    private static void sendJunk(Connection c) throws IOException {
        for (byte[] bad : malformedRtp()) {
            c.interleaved(0, bad);
        }
        c.interleaved(7, new byte[] {0x42, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13});
    }

    private static byte[] rtpHeader(int firstByte, int payloadBytes) {
        byte[] p = new byte[12 + payloadBytes];
        p[0] = (byte) firstByte;
        p[1] = (byte) (0x80 | H264Clip.PAYLOAD_TYPE);
        p[12] = 0x65; // looks like an IDR slice to anyone who reads past the header
        return p;
    }

    /** Reads OPTIONS (answering 200) and returns the request after it, which must be a DESCRIBE. */
    private static Request options(Connection c) throws IOException {
        Request r = c.next();
        if (r != null && r.method().equals("OPTIONS")) {
            c.reply(r, 200, "OK", null, PUBLIC);
            r = c.next();
        }
        if (r == null || !r.method().equals("DESCRIBE")) {
            throw new IOException("expected DESCRIBE, got " + r);
        }
        return r;
    }

    private static String contentBase(Connection c, Request describe) {
        return "Content-Base: " + c.server().url(describe.path()) + "/";
    }

    /** Answers keep-alives with 200 while media flows; TEARDOWN closes. Ends when the client closes. */
    private static void answerKeepAlives(Connection c) {
        try {
            for (Request r = c.next(); r != null; r = c.next()) {
                c.reply(r, 200, "OK", null, SESSION);
                if (r.method().equals("TEARDOWN")) {
                    c.close();
                    return;
                }
            }
        } catch (IOException ignored) {
            // the connection is gone: the sender notices too
        }
    }
}
