package org.citywatch.ingest.rtsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.citywatch.ingest.rtsp.RtspStreams.ascii;
import static org.citywatch.ingest.rtsp.RtspStreams.concat;
import static org.citywatch.ingest.rtsp.RtspStreams.frame;
import static org.citywatch.ingest.rtsp.RtspStreams.message;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObjectAggregator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The splitter in the pipeline the client uses: splitter, RtspDecoder, HttpObjectAggregator. */
class RtspInterleavedSplitterTest {

    private static final String SDP = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=x\r\nt=0 0\r\na=control:*\r\n"
            + "m=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=control:stream=0\r\n";

    private static EmbeddedChannel pipeline() {
        return new EmbeddedChannel(new RtspInterleavedSplitter(), RtspInterleavedSplitter.newRtspDecoder(),
                new HttpObjectAggregator(RtspInterleavedSplitter.MAX_CONTENT_LENGTH));
    }

    /** A session as a camera sends it over TCP: answers, frames right after PLAY, a request of its own. */
    private static byte[] session() {
        byte[] rtp = new byte[1400];
        for (int i = 0; i < rtp.length; i++) {
            rtp[i] = (byte) (i % 7 == 0 ? '$' : i); // '$' inside a payload must not resync anything
        }
        return concat(
                message("RTSP/1.0 200 OK", 1, "Content-Length", new byte[0]),
                message("RTSP/1.0 200 OK", 2, "Content-Length", ascii(SDP)),
                message("RTSP/1.0 200 OK", 3, "content-length", new byte[0]),
                frame(0, rtp), frame(1, new byte[] {(byte) 0x80, (byte) 0xc8, 0, 6}),
                message("RTSP/1.0 200 OK", 4, "CONTENT-LENGTH", ascii("RTSP/1.0 200 OK\r\n\r\n")),
                frame(0, new byte[0]),
                message("SET_PARAMETER rtsp://cam/live RTSP/1.0", 5, "Content-Length", ascii("ping: 1\r\n")),
                frame(2, rtp));
    }

    private static final List<String> EXPECTED = List.of("200 cseq=1 body=0", "200 cseq=2 body=" + SDP.length(),
            "200 cseq=3 body=0", "frame 0 1400", "frame 1 4", "200 cseq=4 body=19", "frame 0 0",
            "SET_PARAMETER rtsp://cam/live cseq=5 body=9", "frame 2 1400");

    private static List<String> read(EmbeddedChannel ch) {
        List<String> out = new ArrayList<>();
        for (Object o; (o = ch.readInbound()) != null; ) {
            switch (o) {
                case InterleavedFrame f -> out.add("frame " + f.channel() + " " + f.payload().length);
                case FullHttpResponse r -> {
                    assertThat(r.decoderResult().isSuccess()).as("%s", r.decoderResult()).isTrue();
                    out.add(r.status().code() + " cseq=" + r.headers().get("CSeq") + " body="
                            + r.content().readableBytes());
                    if (r.headers().get("CSeq").equals("2")) {
                        assertThat(r.content().toString(StandardCharsets.US_ASCII)).isEqualTo(SDP);
                    }
                    r.release();
                }
                case FullHttpRequest q -> {
                    out.add(q.method() + " " + q.uri() + " cseq=" + q.headers().get("CSeq") + " body="
                            + q.content().readableBytes());
                    q.release();
                }
                default -> out.add("unexpected " + o);
            }
        }
        return out;
    }

    @Test
    void wholeSessionInOneRead() {
        EmbeddedChannel ch = pipeline();
        ch.writeInbound(Unpooled.wrappedBuffer(session()));
        assertThat(read(ch)).containsExactlyElementsOf(EXPECTED);
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void splitAtEveryByteBoundary() {
        byte[] s = session();
        for (int cut = 1; cut < s.length; cut++) {
            EmbeddedChannel ch = pipeline();
            ch.writeInbound(Unpooled.wrappedBuffer(s, 0, cut));
            ch.writeInbound(Unpooled.wrappedBuffer(s, cut, s.length - cut));
            assertThat(read(ch)).as("cut at %d", cut).containsExactlyElementsOf(EXPECTED);
            RtspInterleavedSplitter splitter = ch.pipeline().get(RtspInterleavedSplitter.class);
            assertThat(splitter.skippedBytes()).isZero();
            assertThat(splitter.bufferedBytes()).isZero();
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void oneByteAtATime() {
        byte[] s = session();
        EmbeddedChannel ch = pipeline();
        List<String> got = new ArrayList<>();
        for (byte b : s) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
            got.addAll(read(ch));
        }
        assertThat(got).containsExactlyElementsOf(EXPECTED);
    }

    @Test
    void garbageAfterALostSyncIsSkippedUpToTheNextResponseOrFrame() {
        EmbeddedChannel ch = pipeline();
        byte[] garbage = ascii("\r\nxx\u0001\u00ffPLAYING rtsp://x garbage\nRTSX abc RTSP\r\nlost 123 RTSP");
        ch.writeInbound(Unpooled.wrappedBuffer(concat(garbage, session())));
        assertThat(read(ch)).containsExactlyElementsOf(EXPECTED);
        assertThat(ch.pipeline().get(RtspInterleavedSplitter.class).skippedBytes()).isEqualTo(garbage.length);
    }

    @Test
    void lfOnlyLineEndsAndServerRequestsWithoutUri() {
        EmbeddedChannel ch = pipeline();
        ch.writeInbound(Unpooled.wrappedBuffer(ascii("RTSP/1.0 200 OK\nCSeq: 7\nContent-Length: 3\n\nabc"
                + "OPTIONS * RTSP/1.0\r\nCSeq: 8\r\n\r\n")));
        assertThat(read(ch)).containsExactly("200 cseq=7 body=3", "OPTIONS * cseq=8 body=0");
    }

    @Test
    void largestFrameIsAccepted() {
        EmbeddedChannel ch = pipeline();
        byte[] f = frame(255, new byte[65535]);
        ch.writeInbound(Unpooled.wrappedBuffer(f, 0, 1000));
        assertThat(ch.pipeline().get(RtspInterleavedSplitter.class).bufferedBytes()).isEqualTo(1000);
        ch.writeInbound(Unpooled.wrappedBuffer(f, 1000, f.length - 1000));
        assertThat(read(ch)).containsExactly("frame 255 65535");
    }

    @Test
    void headerBlockOverTheCapClosesTheChannel() {
        EmbeddedChannel ch = pipeline();
        byte[] head = ascii("RTSP/1.0 200 OK\r\nX-Pad: " + "a".repeat(RtspInterleavedSplitter.MAX_HEADER_BYTES));
        assertThatThrownBy(() -> ch.writeInbound(Unpooled.wrappedBuffer(head)))
                .isInstanceOf(RtspProtocolException.class).hasMessageContaining("header block longer than 16384");
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void contentLengthOverTheCapOrInvalidClosesTheChannel() {
        for (String value : List.of("1048577", "99999999999999999999", "-1", "12abc", "", "0x10")) {
            EmbeddedChannel ch = pipeline();
            byte[] msg = ascii("RTSP/1.0 200 OK\r\nCSeq: 2\r\nContent-Length: " + value + "\r\n\r\n");
            assertThatThrownBy(() -> ch.writeInbound(Unpooled.wrappedBuffer(msg)))
                    .as(value).isInstanceOf(RtspProtocolException.class).hasMessageContaining("Content-Length");
            assertThat(ch.isOpen()).isFalse();
        }
        EmbeddedChannel ch = pipeline();
        byte[] conflicting = ascii("RTSP/1.0 200 OK\r\nContent-Length: 1\r\ncontent-length: 2\r\n\r\nab");
        assertThatThrownBy(() -> ch.writeInbound(Unpooled.wrappedBuffer(conflicting)))
                .isInstanceOf(RtspProtocolException.class).hasMessageContaining("conflicting");
    }

    @Test
    void bodyUpToTheCapIsAccepted() {
        EmbeddedChannel ch = pipeline();
        byte[] body = new byte[RtspInterleavedSplitter.MAX_CONTENT_LENGTH];
        ch.writeInbound(Unpooled.wrappedBuffer(message("RTSP/1.0 200 OK", 9, "Content-Length", body)));
        assertThat(read(ch)).containsExactly("200 cseq=9 body=" + body.length);
    }

    @Test
    void truncatedStreamEmitsTheCompleteUnitsOnly() {
        byte[] s = session();
        EmbeddedChannel ch = pipeline();
        ch.writeInbound(Unpooled.wrappedBuffer(s, 0, s.length - 10));
        assertThat(read(ch)).containsExactlyElementsOf(EXPECTED.subList(0, EXPECTED.size() - 1));
        assertThat(ch.finish()).isFalse(); // closing with a partial frame buffered: no error, nothing emitted
    }
}
