package org.citywatch.ingest.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.citywatch.assets.AssetResolver;
import org.citywatch.assets.SampleMedia;
import org.citywatch.ingest.testing.GstRtspServer.Aggregation;
import org.citywatch.ingest.testing.GstRtspServer.Codec;
import org.citywatch.ingest.testing.GstRtspServer.Protocols;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Proves the fixture: FFmpeg's own RTSP client (JavaCV's {@link FFmpegFrameGrabber}), an independent
 * reader, gets real frames from the GStreamer server in every configuration the interop tests use.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GstRtspServerTest {

    private static final int FRAMES = 20;

    /** Per test, not @BeforeAll: Surefire counts a class-level skip as "Tests run: 0", hiding it. */
    @BeforeEach
    void gstreamerIsInstalled() {
        GstRtspServer.assumeAvailableOrFailInCi();
    }

    @ParameterizedTest(name = "{0} over {1}")
    @CsvSource({"H264, TCP", "H264, UDP", "H265, TCP", "H265, UDP"})
    void theTestPatternReachesFfmpeg(Codec codec, Protocols transport) throws Exception {
        try (GstRtspServer server = GstRtspServer.builder().codec(codec).protocols(transport).build().start()) {
            assertThat(server.url().toString()).isEqualTo("rtsp://127.0.0.1:" + server.port() + "/cam");

            Read read = read(server.url(), transport, FRAMES);

            assertThat(read.frames()).isEqualTo(FRAMES);
            assertThat(read.size()).isEqualTo("640x360");
            assertThat(read.codec()).isEqualTo(codec == Codec.H264 ? "h264" : "hevc");
        }
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void fragmentedAndAggregatedPacketsReachFfmpeg(Codec codec) throws Exception {
        try (GstRtspServer server = GstRtspServer.builder().codec(codec).mtu(300).aggregation(Aggregation.ZERO_LATENCY)
                .protocols(Protocols.TCP).build().start()) {
            Read read = read(server.url(), Protocols.TCP, FRAMES);

            assertThat(read.frames()).isEqualTo(FRAMES);
            assertThat(read.size()).isEqualTo("640x360");
        }
    }

    @Test
    void digestAuthenticationAndARestartOnTheSamePort() throws Exception {
        try (GstRtspServer server = GstRtspServer.builder().credentials("operator", "s3cr3t-pw")
                .protocols(Protocols.TCP).build().start()) {
            // Without credentials: 401 with a Digest challenge. (Not just "401": the port may contain it.)
            assertThatThrownBy(() -> read(server.url(), Protocols.TCP, 1))
                    .satisfies(e -> assertThat(describe(e)).contains("401 Unauthorized"));
            // Basic credentials, even right ones, are refused: only Digest is offered and accepted.
            List<String> basic = describeWithHeader(server.url(), "Authorization: Basic "
                    + Base64.getEncoder().encodeToString("operator:s3cr3t-pw".getBytes(StandardCharsets.UTF_8)));
            assertThat(basic.getFirst()).isEqualTo("RTSP/1.0 401 Unauthorized");
            assertThat(basic).anyMatch(h -> h.startsWith("WWW-Authenticate: Digest realm="))
                    .noneMatch(h -> h.startsWith("WWW-Authenticate: Basic"));

            URI withCredentials = server.urlWithCredentials();
            assertThat(withCredentials.toString())
                    .isEqualTo("rtsp://operator:s3cr3t-pw@127.0.0.1:" + server.port() + "/cam");
            assertThat(read(withCredentials, Protocols.TCP, FRAMES).frames()).isEqualTo(FRAMES);

            // The server stops while a client is streaming, and comes back on the same port.
            int port = server.port();
            long oldPid = server.pid();
            FFmpegFrameGrabber streaming = grabber(withCredentials, Protocols.TCP);
            try {
                streaming.start();
                assertThat(streaming.grabImage()).isNotNull();
                server.restart();
            } finally {
                closeQuietly(streaming);
            }
            assertThat(server.port()).isEqualTo(port);
            assertThat(server.pid()).isNotEqualTo(oldPid);
            assertThat(read(server.urlWithCredentials(), Protocols.TCP, FRAMES).frames()).isEqualTo(FRAMES);
        }
    }

    @Test
    void anMp4ClipIsStreamedAsItIs() throws Exception {
        Path clip = AssetResolver.fromEnvironment().resolve(SampleMedia.get("vtest_first20s_h264.mp4"));
        try (GstRtspServer server = GstRtspServer.builder().fileSource(clip).path("/clip").build().start()) {
            Read read = read(server.url(), Protocols.TCP, FRAMES);

            assertThat(server.url().getPath()).isEqualTo("/clip");
            assertThat(read.frames()).isEqualTo(FRAMES);
            assertThat(read.size()).isEqualTo("768x576");
            assertThat(read.codec()).isEqualTo("h264");
        }
    }

    @Test
    void aServerThatCannotStartReportsItsStderr() {
        GstRtspServer server = GstRtspServer.builder().fileSource(Path.of("/nonexistent/clip.mp4")).build();

        assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exited with code 2")
                .hasMessageContaining("no such file: /nonexistent/clip.mp4");
        assertThat(server.isRunning()).isFalse();
    }

    // ---------------------------------------------------------------------------------------------------

    record Read(int frames, String size, String codec) {
    }

    private static FFmpegFrameGrabber grabber(URI url, Protocols transport) {
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(url.toString());
        g.setOption("rtsp_transport", transport == Protocols.UDP ? "udp" : "tcp");
        g.setOption("timeout", "5000000");
        return g;
    }

    /** Reads {@code n} decoded frames (or until the stream ends) with FFmpeg's RTSP client. */
    private static Read read(URI url, Protocols transport, int n) throws Exception {
        try (FFmpegFrameGrabber g = grabber(url, transport)) {
            g.start();
            int frames = 0;
            String size = null;
            Frame frame;
            while (frames < n && (frame = g.grabImage()) != null) {
                frames++;
                size = frame.imageWidth + "x" + frame.imageHeight;
            }
            String codec = g.getVideoCodecName();
            g.stop();
            return new Read(frames, size, codec);
        }
    }

    private static void closeQuietly(FFmpegFrameGrabber g) {
        try {
            g.close();
        } catch (Exception ignored) {
            // Its server went away under it: closing may report that.
        }
    }

    /** The exception's message with FFmpeg's error code in words ("Server returned 401 Unauthorized …"). */
    private static String describe(Throwable e) {
        String message = String.valueOf(e.getMessage());
        Matcher m = Pattern.compile("error (-?\\d+)").matcher(message);
        if (m.find()) {
            try (BytePointer buffer = new BytePointer(256)) {
                if (avutil.av_strerror(Integer.parseInt(m.group(1)), buffer, 256) == 0) {
                    byte[] bytes = new byte[256];
                    buffer.get(bytes);
                    int end = 0;
                    while (end < bytes.length && bytes[end] != 0) {
                        end++;
                    }
                    message = new String(bytes, 0, end, StandardCharsets.UTF_8) + " (" + message + ")";
                }
            }
        }
        return message;
    }

    /** Sends one DESCRIBE with an extra header line and returns the response's status and header lines. */
    private static List<String> describeWithHeader(URI url, String header) throws Exception {
        try (Socket socket = new Socket(url.getHost(), url.getPort())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("DESCRIBE " + url + " RTSP/1.0\r\nCSeq: 1\r\nAccept: application/sdp\r\n" + header + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            List<String> lines = new ArrayList<>();
            String line;
            while ((line = in.readLine()) != null && !line.isEmpty()) {
                lines.add(line);
            }
            return lines;
        }
    }
}
