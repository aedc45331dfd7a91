package org.citywatch.api.push;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionEncoder;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.ServerWebSocket;
import java.time.Duration;

/**
 * A WebSocket client of {@code /ws/alerts}. Anything it sends is ignored: it only listens.
 *
 * <p>Events are written as the event's ready-made frame bytes straight to the connection's Netty channel, and
 * flushed once per fan-out: Vert.x's own {@code writeFrame} would build, encode and flush every message for every
 * client (one system call each), which is most of what a fan-out to many clients costs. The channel is the one
 * Vert.x uses, written on its event loop, so frames, pings and the close frame keep their order, and the channel's
 * writability (the write queue bound) is the one {@link #full()} reads. When the connection negotiated an extension
 * that rewrites frames (compression, which {@link PushRoutes#serverOptions} turns off), or the channel cannot be
 * reached, it falls back to Vert.x's frame API; {@code -Dcitywatch.push.vertxFrames=true} forces that fallback (to
 * compare the two, or should a Vert.x upgrade change its pipeline).
 */
final class WsPushClient extends PushClient {

    private static final Buffer EMPTY = Buffer.buffer();
    private static final boolean VERTX_FRAMES = Boolean.getBoolean("citywatch.push.vertxFrames");

    private final ServerWebSocket ws;
    private final HttpConnection connection;
    private final Channel channel; // null: written through Vert.x
    private final Vertx vertx;
    private final Duration closeGrace;
    private final Context context;
    private boolean unflushed;
    private Handler<Void> drain; // the direct path's drain handler

    WsPushClient(ServerWebSocket ws, HttpConnection connection, Channel channel, PushFilter filter, int queueBytes,
                 Vertx vertx, Duration closeGrace) {
        super(filter, Transport.WS, String.valueOf(ws.remoteAddress()));
        this.ws = ws;
        this.connection = connection;
        this.channel = !VERTX_FRAMES && channel != null
                && channel.pipeline().get(WebSocketExtensionEncoder.class) == null ? channel : null;
        this.vertx = vertx;
        this.closeGrace = closeGrace;
        this.context = vertx.getOrCreateContext(); // the connection's: we are on its event loop
        ws.setWriteQueueMaxSize(queueBytes);
        ws.handler(b -> { });
        if (this.channel != null) {
            // Vert.x signals "drained" only for writes it queued itself; the direct path watches the channel.
            this.channel.pipeline().addFirst(new Writability());
        }
    }

    /** Hands the drain handler the channel's return to writable, on the connection's Vert.x context. */
    private final class Writability extends ChannelInboundHandlerAdapter {
        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
            Handler<Void> h = drain;
            if (h != null && ctx.channel().isWritable()) {
                drain = null;
                context.runOnContext(h);
            }
            super.channelWritabilityChanged(ctx);
        }
    }

    /** Whether events go straight to the channel (true unless an extension rewrites frames). */
    boolean direct() {
        return channel != null;
    }

    @Override
    boolean full() {
        return channel != null ? !channel.isWritable() : ws.writeQueueFull();
    }

    @Override
    void write(PushEvent e) {
        if (channel != null) {
            channel.write(e.wsFrame().duplicate(), channel.voidPromise());
            unflushed = true;
        } else {
            ws.writeFrame(TextFrames.of(e.json()));
        }
    }

    @Override
    void flush() {
        if (unflushed) {
            unflushed = false;
            channel.flush();
        }
    }

    @Override
    void writeGap(PushMessages.Frames gap) {
        if (channel != null) {
            channel.writeAndFlush(gap.ws().duplicate(), channel.voidPromise());
        } else {
            ws.writeFrame(TextFrames.of(gap.json()));
        }
    }

    @Override
    void heartbeat() {
        ws.writePing(EMPTY);
    }

    @Override
    void onDrain(Handler<Void> handler) {
        if (channel == null) {
            ws.drainHandler(handler);
            return;
        }
        drain = handler;
        if (handler != null && channel.isWritable()) { // it drained before we asked
            drain = null;
            context.runOnContext(handler);
        }
    }

    @Override
    void onClose(Handler<Void> handler) {
        ws.closeHandler(handler);
        ws.exceptionHandler(e -> ws.close());
    }

    @Override
    void disconnect(short code, String reason) {
        flush();
        ws.close(code, reason);
        // A client that does not read never takes the close frame queued behind its backlog, and would keep the
        // connection (and the backlog) forever: cut it after a grace period.
        vertx.setTimer(Math.max(1, closeGrace.toMillis()), t -> connection.close());
    }
}
