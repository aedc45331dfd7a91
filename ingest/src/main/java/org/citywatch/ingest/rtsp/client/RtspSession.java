package org.citywatch.ingest.rtsp.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.rtsp.RtspEncoder;
import io.netty.handler.codec.rtsp.RtspMethods;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.citywatch.ingest.camera.Camera;
import org.citywatch.ingest.rtsp.InterleavedFrame;
import org.citywatch.ingest.rtsp.RtspInterleavedSplitter;
import org.citywatch.ingest.rtsp.auth.Credentials;
import org.citywatch.ingest.source.AccessUnitSink;
import org.citywatch.ingest.source.FailureReasons;
import org.citywatch.ingest.source.SessionEnd;
import org.citywatch.ingest.source.StreamSession;

/**
 * One attempt at an RTSP 1.0 stream (RFC 2326) on Netty: connect, OPTIONS, DESCRIBE (with Basic or
 * Digest authentication and redirects), SETUP of the video track over TCP-interleaved or UDP RTP, PLAY,
 * keep-alives within the session timeout, and TEARDOWN on close. Access units go to the sink; the
 * supervisor hears of media and of the end. Runs entirely on the shared event loops: no thread of its own.
 */
public final class RtspSession implements StreamSession {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RtspSession.class);

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_REDIRECTS = 3;

    private final Camera camera;
    private final RtspTransport transport;
    private final RtspClientGroup group;
    private final AccessUnitSink sink;
    private volatile java.util.Optional<Credentials> credentials;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile Events events;
    private volatile Channel channel;
    private volatile RtspDialog dialog;
    private volatile UdpReceiver udp;
    private volatile ScheduledFuture<?> keepAlive;
    private URI url; // without credentials
    private int redirects;
    /** Which connection is the current one: after a redirect, the close of the one left behind is ignored. */
    private volatile int connectionNumber;
    private long reportedLost; // event loop only

    public RtspSession(Camera camera, URI url, RtspTransport transport, RtspClientGroup group, AccessUnitSink sink) {
        this.camera = camera;
        this.transport = transport;
        this.group = group;
        this.sink = sink;
        this.credentials = Credentials.fromUri(url);
        this.url = Credentials.withoutUserInfo(url);
    }

    @Override
    public void start(Events events) {
        this.events = events;
        connect();
    }

    private void connect() {
        int port = url.getPort() > 0 ? url.getPort() : 554;
        if (url.getHost() == null) {
            end(new SessionEnd.Failed("no host in URL " + url));
            return;
        }
        int number = connectionNumber;
        RtspConnection connection = new RtspConnection(REQUEST_TIMEOUT, this::onFrame, cause -> {
            if (number == connectionNumber) {
                onClosed(cause);
            }
        });
        Bootstrap bootstrap = new Bootstrap().group(group.group()).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) CONNECT_TIMEOUT.toMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        // The splitter's decoder accepts bare-LF lines (some cameras) and 16 KiB headers.
                        ch.pipeline().addLast(new RtspInterleavedSplitter(), RtspInterleavedSplitter.newRtspDecoder(),
                                new HttpObjectAggregator(RtspInterleavedSplitter.MAX_CONTENT_LENGTH), new RtspEncoder(),
                                connection);
                    }
                });
        bootstrap.connect(url.getHost(), port).addListener(f -> {
            if (!f.isSuccess()) {
                end(new SessionEnd.Failed(FailureReasons.describe(f.cause())));
                return;
            }
            channel = ((io.netty.channel.ChannelFuture) f).channel();
            if (ended.get()) {
                channel.close();
                return;
            }
            dialog = new RtspDialog(url, connection, credentials, transport,
                    e -> log.warn("Camera {}: dropping malformed RTP packets ({}); the stream goes on",
                            camera.id(), e.getMessage()));
            dialog.open(this::openUdp)
                    .thenAccept(this::playing)
                    .exceptionally(this::failed);
        });
    }

    /** For UDP: binds the RTP/RTCP port pair before SETUP names it. */
    private CompletableFuture<int[]> openUdp(RtspDialog.Track track) {
        java.net.InetAddress local = ((java.net.InetSocketAddress) channel.localAddress()).getAddress();
        UdpReceiver receiver = new UdpReceiver(group, url.getHost(), local,
                (data, length) -> dialog.onRtp(data, 0, length, this::onUnit));
        udp = receiver;
        return receiver.bind();
    }

    private void playing(RtspDialog.Playing playing) {
        if (ended.get()) {
            return;
        }
        long periodMillis = Math.max(5_000, playing.sessionTimeout().toMillis() / 2);
        keepAlive = channel.eventLoop().scheduleAtFixedRate(dialog::keepAlive, periodMillis, periodMillis,
                TimeUnit.MILLISECONDS);
    }

    private Void failed(Throwable t) {
        Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        if (cause instanceof RtspDialog.Redirect redirect && redirects < MAX_REDIRECTS) {
            redirects++;
            connectionNumber++; // before the close: the old connection's end is not the session's
            closeChannel();
            URI next = Credentials.withoutUserInfo(redirect.location());
            if (!java.util.Objects.equals(next.getHost(), url.getHost()) || next.getPort() != url.getPort()) {
                credentials = java.util.Optional.empty(); // never hand a camera's password to another host
            }
            url = next;
            connect();
            return null;
        }
        end(cause instanceof RtspDialog.EndOfSession e ? e.end() : new SessionEnd.Failed(FailureReasons.describe(cause)));
        return null;
    }

    private void onFrame(InterleavedFrame frame) {
        RtspDialog d = dialog;
        if (d != null) {
            d.onInterleaved(frame, this::onUnit);
        }
    }

    private void onUnit(org.citywatch.ingest.rtp.AccessUnit unit) {
        Events e = events;
        if (e != null && !ended.get()) {
            e.media(unit.receivedNanos(), unit.size(), unit.keyframe());
            long lost = dialog.packetsLost();
            if (lost > reportedLost) {
                e.packetsLost(lost - reportedLost);
                reportedLost = lost;
            }
            sink.onAccessUnit(camera, unit);
        }
    }

    private void onClosed(Throwable cause) {
        end(new SessionEnd.Failed(cause == null ? "connection closed by the camera" : FailureReasons.describe(cause)));
    }

    @Override
    public void close() {
        RtspDialog d = dialog;
        if (d != null && channel != null && channel.isActive()) {
            d.teardown();
        }
        end(new SessionEnd.Ended("stopped"));
    }

    private void end(SessionEnd end) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        closeChannel();
        Events e = events;
        if (e != null) {
            e.ended(end);
        }
    }

    private void closeChannel() {
        ScheduledFuture<?> k = keepAlive;
        if (k != null) {
            k.cancel(false);
        }
        UdpReceiver u = udp;
        if (u != null) {
            u.close();
        }
        Channel c = channel;
        if (c != null) {
            // Let a queued TEARDOWN go out first: close runs after it on the same event loop.
            c.eventLoop().execute(c::close);
        }
    }

    static HttpMethod keepAliveMethod(String publicHeader) {
        return publicHeader != null && publicHeader.toUpperCase(java.util.Locale.ROOT).contains("GET_PARAMETER")
                ? RtspMethods.GET_PARAMETER : RtspMethods.OPTIONS;
    }
}
