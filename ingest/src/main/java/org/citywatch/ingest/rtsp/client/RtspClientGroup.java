package org.citywatch.ingest.rtsp.client;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.util.concurrent.TimeUnit;

/**
 * The few event-loop threads that serve the RTSP connections (and UDP sockets) of every camera of the
 * node: no thread per camera. One per core is plenty: the work per packet is small.
 */
public final class RtspClientGroup implements AutoCloseable {

    private final EventLoopGroup group;

    public RtspClientGroup(int threads) {
        this.group = new MultiThreadIoEventLoopGroup(threads,
                Thread.ofPlatform().daemon().name("rtsp-io-", 0).factory(), NioIoHandler.newFactory());
    }

    public RtspClientGroup() {
        this(Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
    }

    EventLoopGroup group() {
        return group;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    }
}
