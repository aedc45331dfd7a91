package org.citywatch.bench.farm;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.rtsp.RtspHeaderNames;
import io.netty.handler.codec.rtsp.RtspMethods;
import io.netty.handler.codec.rtsp.RtspResponseStatuses;
import io.netty.handler.codec.rtsp.RtspVersions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The RTSP server side of one connection to the farm: a camera at {@code /cam/<n>} (1..cameras) answering
 * OPTIONS, DESCRIBE (SDP with the parameter sets), SETUP (RTP interleaved in this TCP connection only; UDP
 * is answered 461), PLAY (joins the event loop's {@link Pacer}), GET_PARAMETER (keep-alive) and TEARDOWN.
 * Runs on the connection's event loop.
 */
final class FarmSession extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Pattern PATH = Pattern.compile("/cam/(\\d+)(/.*)?");
    /** Camera n starts at picture n x this (then back to the keyframe before it): cameras differ. */
    private static final int OFFSET_STEP = 37;
    static final String PUBLIC = "OPTIONS, DESCRIBE, SETUP, PLAY, GET_PARAMETER, TEARDOWN";

    private final int cameras;
    private final PacketizedClip clip;
    private final Function<io.netty.channel.EventLoop, Pacer> pacers;
    private String sessionId;
    private int camera;
    private int rtpChannel = -1;
    private Pacer.Stream stream;

    FarmSession(int cameras, PacketizedClip clip, Function<io.netty.channel.EventLoop, Pacer> pacers) {
        this.cameras = cameras;
        this.clip = clip;
        this.pacers = pacers;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (req.decoderResult().isFailure()) {
            ctx.close();
            return;
        }
        HttpMethod method = req.method();
        int n = cameraOf(req.uri());
        FullHttpResponse res;
        if (method.equals(RtspMethods.OPTIONS)) {
            res = response(RtspResponseStatuses.OK);
            res.headers().set(RtspHeaderNames.PUBLIC, PUBLIC);
        } else if (n < 1) {
            res = response(RtspResponseStatuses.NOT_FOUND);
        } else if (method.equals(RtspMethods.DESCRIBE)) {
            res = describe(req, n);
        } else if (method.equals(RtspMethods.SETUP)) {
            res = setup(req, n);
        } else if (method.equals(RtspMethods.PLAY)) {
            res = play(ctx, req);
        } else if (method.equals(RtspMethods.GET_PARAMETER)) {
            res = response(sessionMatches(req) ? RtspResponseStatuses.OK : RtspResponseStatuses.SESSION_NOT_FOUND);
        } else if (method.equals(RtspMethods.TEARDOWN)) {
            stop();
            res = response(RtspResponseStatuses.OK);
            finish(ctx, req, res).addListener(ChannelFutureListener.CLOSE);
            return;
        } else {
            res = response(RtspResponseStatuses.METHOD_NOT_ALLOWED);
            res.headers().set(HttpHeaderNames.ALLOW, PUBLIC);
        }
        finish(ctx, req, res);
    }

    private FullHttpResponse describe(FullHttpRequest req, int n) {
        String sdp = "v=0\r\n"
                + "o=- " + n + " 1 IN IP4 127.0.0.1\r\n"
                + "s=CityWatch farm camera " + n + "\r\n"
                + "c=IN IP4 127.0.0.1\r\n"
                + "t=0 0\r\n"
                + "m=video 0 RTP/AVP " + PacketizedClip.PAYLOAD_TYPE + "\r\n"
                + "a=rtpmap:" + PacketizedClip.PAYLOAD_TYPE + " H264/90000\r\n"
                + "a=fmtp:" + PacketizedClip.PAYLOAD_TYPE + " " + clip.fmtp() + "\r\n"
                + String.format(Locale.ROOT, "a=framerate:%.0f\r\n", clip.fps())
                + "a=control:track1\r\n";
        byte[] body = sdp.getBytes(StandardCharsets.US_ASCII);
        FullHttpResponse res = new DefaultFullHttpResponse(RtspVersions.RTSP_1_0, RtspResponseStatuses.OK,
                Unpooled.wrappedBuffer(body));
        res.headers().set(RtspHeaderNames.CONTENT_TYPE, "application/sdp");
        res.headers().set(RtspHeaderNames.CONTENT_BASE, base(req.uri()) + "/");
        res.headers().set(RtspHeaderNames.CONTENT_LENGTH, body.length);
        return res;
    }

    private FullHttpResponse setup(FullHttpRequest req, int n) {
        String transport = req.headers().get(RtspHeaderNames.TRANSPORT, "");
        Matcher m = Pattern.compile("interleaved=(\\d+)(?:-(\\d+))?").matcher(transport);
        if (!transport.toUpperCase(Locale.ROOT).contains("RTP/AVP/TCP") || !m.find()) {
            return response(RtspResponseStatuses.UNSUPPORTED_TRANSPORT); // 461: interleaved TCP only
        }
        if (sessionId != null && !sessionMatches(req)) {
            return response(RtspResponseStatuses.SESSION_NOT_FOUND);
        }
        camera = n;
        rtpChannel = Integer.parseInt(m.group(1)) & 0xFF;
        if (sessionId == null) {
            sessionId = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
        }
        FullHttpResponse res = response(RtspResponseStatuses.OK);
        res.headers().set(RtspHeaderNames.TRANSPORT,
                "RTP/AVP/TCP;unicast;interleaved=" + rtpChannel + "-" + ((rtpChannel + 1) & 0xFF));
        return res;
    }

    private FullHttpResponse play(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (sessionId == null || rtpChannel < 0 || !sessionMatches(req)) {
            return response(RtspResponseStatuses.SESSION_NOT_FOUND);
        }
        FullHttpResponse res = response(RtspResponseStatuses.OK);
        if (stream == null) {
            int start = clip.keyframeAtOrBefore((int) ((long) camera * OFFSET_STEP % clip.size()));
            stream = new Pacer.Stream(ctx.channel(), rtpChannel, start);
            res.headers().set(RtspHeaderNames.RANGE, "npt=0.000-");
            res.headers().set(RtspHeaderNames.RTP_INFO, "url=" + base(req.uri()) + "/track1;seq=" + stream.sequence()
                    + ";rtptime=" + (stream.timestamp() & 0xFFFF_FFFFL));
            // Queued behind this answer on the same event loop: the first packet follows the 200.
            pacers.apply(ctx.channel().eventLoop()).add(stream, camera);
        }
        return res;
    }

    private io.netty.channel.ChannelFuture finish(ChannelHandlerContext ctx, FullHttpRequest req, FullHttpResponse res) {
        String cseq = req.headers().get(RtspHeaderNames.CSEQ);
        if (cseq != null) {
            res.headers().set(RtspHeaderNames.CSEQ, cseq);
        }
        if (sessionId != null) {
            res.headers().set(RtspHeaderNames.SESSION, sessionId + ";timeout=60");
        }
        if (!res.headers().contains(RtspHeaderNames.CONTENT_LENGTH)) {
            res.headers().set(RtspHeaderNames.CONTENT_LENGTH, 0);
        }
        return ctx.writeAndFlush(res);
    }

    private boolean sessionMatches(FullHttpRequest req) {
        String s = req.headers().get(RtspHeaderNames.SESSION);
        return sessionId != null && s != null && s.split(";", 2)[0].trim().equals(sessionId);
    }

    /** 1..cameras for {@code /cam/<n>[/...]}, else -1. */
    private int cameraOf(String uri) {
        String path;
        try {
            path = URI.create(uri).getPath();
        } catch (IllegalArgumentException e) {
            return -1;
        }
        Matcher m = path == null ? null : PATH.matcher(path);
        if (m == null || !m.matches() || m.group(1).length() > 9) {
            return -1;
        }
        int n = Integer.parseInt(m.group(1));
        return n >= 1 && n <= cameras ? n : -1;
    }

    /** The camera's URL without the track part. */
    private static String base(String uri) {
        Matcher m = Pattern.compile("^(.*?/cam/\\d+)").matcher(uri);
        return m.find() ? m.group(1) : uri;
    }

    private static FullHttpResponse response(HttpResponseStatus status) {
        return new DefaultFullHttpResponse(RtspVersions.RTSP_1_0, status);
    }

    private void stop() {
        if (stream != null) {
            stream.stop();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        stop();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close(); // a reset connection: the camera's client went away
    }
}
