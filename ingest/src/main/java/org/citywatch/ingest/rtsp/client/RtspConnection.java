package org.citywatch.ingest.rtsp.client;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.rtsp.RtspHeaderNames;
import io.netty.handler.codec.rtsp.RtspVersions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.citywatch.ingest.rtsp.InterleavedFrame;

/**
 * One RTSP control connection: sends a request and completes a future with the matching response (by
 * CSeq), one request at a time, each with a deadline; passes interleaved {@code $} frames to a consumer.
 * Everything here runs on the connection's event loop.
 */
final class RtspConnection extends SimpleChannelInboundHandler<Object> {

    private static final String USER_AGENT = "CityWatch/0.1";

    private final Duration requestTimeout;
    private final Consumer<InterleavedFrame> frames;
    private final Consumer<Throwable> closed;
    private Channel channel;
    private int cseq;
    private CompletableFuture<RtspResponse> pending;
    private int pendingCseq = -1;

    /**
     * @param frames called for every interleaved frame
     * @param closed called once when the connection closes or fails, with the cause (null for a clean close)
     */
    RtspConnection(Duration requestTimeout, Consumer<InterleavedFrame> frames, Consumer<Throwable> closed) {
        this.requestTimeout = requestTimeout;
        this.frames = frames;
        this.closed = closed;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel(); // known before connect completes, so request() can be called from its listener
    }

    /** Sends a request; the future fails on timeout, on a closed connection, or if one is already pending. */
    CompletableFuture<RtspResponse> request(HttpMethod method, String uri, Map<String, String> headers) {
        CompletableFuture<RtspResponse> result = new CompletableFuture<>();
        channel.eventLoop().execute(() -> {
            if (pending != null) {
                result.completeExceptionally(new IllegalStateException("a request is already pending"));
                return;
            }
            FullHttpRequest req = new DefaultFullHttpRequest(RtspVersions.RTSP_1_0, method, uri);
            req.headers().set(RtspHeaderNames.CSEQ, ++cseq);
            req.headers().set(RtspHeaderNames.USER_AGENT, USER_AGENT);
            headers.forEach((k, v) -> req.headers().set(k, v));
            pending = result;
            pendingCseq = cseq;
            var timer = channel.eventLoop().schedule(() -> {
                if (pending == result) {
                    pending = null;
                    result.completeExceptionally(new TimeoutException(
                            "no answer to " + method + " within " + requestTimeout.toSeconds() + " s"));
                }
            }, requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
            result.whenComplete((r, e) -> timer.cancel(false));
            channel.writeAndFlush(req).addListener(f -> {
                if (!f.isSuccess() && pending == result) {
                    pending = null;
                    result.completeExceptionally(f.cause());
                }
            });
        });
        return result;
    }

    /** Sends a request and does not wait for its answer (TEARDOWN on the way out). */
    void send(HttpMethod method, String uri, Map<String, String> headers) {
        channel.eventLoop().execute(() -> {
            FullHttpRequest req = new DefaultFullHttpRequest(RtspVersions.RTSP_1_0, method, uri);
            req.headers().set(RtspHeaderNames.CSEQ, ++cseq);
            req.headers().set(RtspHeaderNames.USER_AGENT, USER_AGENT);
            headers.forEach((k, v) -> req.headers().set(k, v));
            channel.writeAndFlush(req);
        });
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof io.netty.handler.codec.DecoderResultProvider d && d.decoderResult().isFailure()) {
            // Netty's RTSP decoder discards everything after a malformed message: the connection is done.
            Throwable cause = d.decoderResult().cause();
            String why = cause == null || cause.getMessage() == null ? "unreadable" : cause.getMessage();
            exceptionCaught(ctx, new org.citywatch.ingest.rtsp.RtspProtocolException(
                    "malformed RTSP message from the camera (" + why + ")"));
            return;
        }
        if (msg instanceof InterleavedFrame frame) {
            frames.accept(frame);
        } else if (msg instanceof FullHttpResponse response) {
            String cs = response.headers().get(RtspHeaderNames.CSEQ);
            CompletableFuture<RtspResponse> p = pending;
            // Servers echo CSeq; a few old ones omit it: then the answer is for the one pending request.
            if (p != null && (cs == null || cs.trim().equals(Integer.toString(pendingCseq)))) {
                pending = null;
                p.complete(RtspResponse.of(response));
            }
        } else if (msg instanceof FullHttpRequest request) {
            // A server's own request (some cameras send OPTIONS or SET_PARAMETER as a keep-alive): answer 200.
            var answer = new io.netty.handler.codec.http.DefaultFullHttpResponse(RtspVersions.RTSP_1_0,
                    io.netty.handler.codec.rtsp.RtspResponseStatuses.OK);
            String cs = request.headers().get(RtspHeaderNames.CSEQ);
            if (cs != null) {
                answer.headers().set(RtspHeaderNames.CSEQ, cs);
            }
            ctx.writeAndFlush(answer);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        failPending(new java.io.IOException("connection closed by the camera"));
        closed.accept(null);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        failPending(cause);
        closed.accept(cause);
        ctx.close();
    }

    private void failPending(Throwable cause) {
        CompletableFuture<RtspResponse> p = pending;
        pending = null;
        if (p != null) {
            p.completeExceptionally(cause);
        }
    }
}
