package org.citywatch.ingest.rtsp.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RTP over UDP for one session: binds an even/odd port pair (RTP, RTCP: RFC 3550 section 11) on the
 * shared event loops and passes the camera's RTP datagrams on. Datagrams from any other address are
 * dropped: a UDP port is open to anyone.
 */
final class UdpReceiver {

    private static final Logger log = LoggerFactory.getLogger(UdpReceiver.class);
    private static final int ATTEMPTS = 20;
    private static final int MAX_DATAGRAM = 65_536;

    /** Called on the event loop with a datagram's bytes (valid only during the call). */
    interface Packets {
        void onPacket(byte[] data, int length);
    }

    private final RtspClientGroup group;
    private final String cameraHost;
    private final InetAddress localAddress;
    private final Packets packets;
    private volatile Channel rtp;
    private volatile Channel rtcp;
    private InetAddress cameraAddress;

    /** @param localAddress the address of our end of the RTSP connection: the one the camera can reach */
    UdpReceiver(RtspClientGroup group, String cameraHost, InetAddress localAddress, Packets packets) {
        this.group = group;
        this.cameraHost = cameraHost;
        this.localAddress = localAddress;
        this.packets = packets;
    }

    /** Binds the pair; the future gives [rtpPort, rtcpPort]. */
    CompletableFuture<int[]> bind() {
        return CompletableFuture.supplyAsync(() -> {
            try {
                cameraAddress = InetAddress.getByName(cameraHost);
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException("cannot resolve " + cameraHost, e);
            }
            for (int i = 0; i < ATTEMPTS; i++) {
                int port = 2 * ThreadLocalRandom.current().nextInt(10_000, 30_000); // even, 20000..59998
                Channel a = bindPort(port, true);
                if (a == null) {
                    continue;
                }
                Channel b = bindPort(port + 1, false);
                if (b == null) {
                    a.close();
                    continue;
                }
                rtp = a;
                rtcp = b;
                return new int[] {port, port + 1};
            }
            throw new IllegalStateException("no free even/odd UDP port pair after " + ATTEMPTS + " tries");
        }, java.util.concurrent.ForkJoinPool.commonPool()); // not an event loop: binding waits for the bind
    }

    private Channel bindPort(int port, boolean isRtp) {
        Bootstrap b = new Bootstrap().group(group.group()).channel(NioDatagramChannel.class)
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    private final byte[] buffer = new byte[MAX_DATAGRAM];

                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
                        if (!isRtp) {
                            return; // RTCP sender reports are not needed: timing comes from RTP timestamps
                        }
                        if (!p.sender().getAddress().equals(cameraAddress)) {
                            return;
                        }
                        int n = p.content().readableBytes();
                        p.content().readBytes(buffer, 0, n);
                        packets.onPacket(buffer, n);
                    }
                });
        try {
            return b.bind(new InetSocketAddress(localAddress, port)).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            log.debug("UDP port {} busy: {}", port, e.toString());
            return null;
        }
    }

    void close() {
        Channel a = rtp;
        Channel b = rtcp;
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }
}
