package org.citywatch.bench.farm;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.rtsp.RtspDecoder;
import io.netty.handler.codec.rtsp.RtspEncoder;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The camera farm: N simulated cameras on one loopback port, {@code rtsp://127.0.0.1:PORT/cam/1..N}, all
 * sending the same pre-packetized clip at its real rate, each from its own place in it. A process of its
 * own, started by {@code ./citywatch bench ingest}, so that killing it is a real camera outage.
 *
 * <p>Prints {@code READY <port>} once listening, then a {@code STATS ...} line every second. Exits when
 * its standard input closes (the bench is gone), so it never outlives the bench.
 */
@Command(name = "farm", mixinStandardHelpOptions = true, description = "Serves N simulated RTSP cameras on 127.0.0.1.")
public final class FarmMain implements Callable<Integer> {

    @Option(names = "--cameras", required = true, description = "number of cameras, /cam/1 .. /cam/N")
    int cameras;

    @Option(names = "--port", required = true, description = "TCP port on 127.0.0.1")
    int port;

    @Option(names = "--clip", required = true, description = "H.264 mp4 to serve (pre-encoded)")
    Path clipFile;

    @Option(names = "--threads", defaultValue = "2", description = "event loops (default ${DEFAULT-VALUE})")
    int threads;

    public static void main(String[] args) {
        System.exit(new CommandLine(new FarmMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        PacketizedClip clip = PacketizedClip.load(clipFile);
        System.out.printf(Locale.ROOT, "farm: %d pictures at %.1f fps, %d keyframes, %.0f kbit/s, %.1f RTP packets per picture%n",
                clip.size(), clip.fps(), clip.keyframes(), clip.kbps(), clip.packetsPerFrame());
        MultiThreadIoEventLoopGroup boss = new MultiThreadIoEventLoopGroup(1,
                Thread.ofPlatform().daemon().name("farm-accept").factory(), NioIoHandler.newFactory());
        MultiThreadIoEventLoopGroup workers = new MultiThreadIoEventLoopGroup(threads,
                Thread.ofPlatform().daemon().name("farm-io-", 0).factory(), NioIoHandler.newFactory());
        Pacer.Stats stats = new Pacer.Stats();
        Map<EventLoop, Pacer> pacers = new IdentityHashMap<>();
        for (EventExecutor e : workers) {
            pacers.put((EventLoop) e, new Pacer((EventLoop) e, clip, stats));
        }
        Map<EventLoop, Pacer> byLoop = Map.copyOf(pacers);
        Channel server = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childOption(ChannelOption.TCP_NODELAY, true)
                // Up to 64 KiB (about 1.7 s of a 300 kbit/s camera) may wait beyond the kernel buffer; beyond it pictures are skipped.
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 64 * 1024))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new RtspDecoder(), new HttpObjectAggregator(64 * 1024), new RtspEncoder(),
                                new FarmSession(cameras, clip, byLoop::get));
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", port)).sync().channel();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            workers.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
            boss.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
        }));
        System.out.println("READY " + ((InetSocketAddress) server.localAddress()).getPort());
        System.out.flush();
        exitWhenStdinCloses();
        while (true) {
            Thread.sleep(1000);
            System.out.printf(Locale.ROOT, "STATS playing=%d frames=%d packets=%d bytes=%d skipped_frames=%d%n",
                    stats.playing.sum(), stats.frames.sum(), stats.packets.sum(), stats.bytes.sum(),
                    stats.skippedFrames.sum());
        }
    }

    /** The bench holds our standard input open; when it closes (the bench ended or died), so do we. */
    public static void exitWhenStdinCloses() {
        Thread.ofPlatform().daemon().name("stdin-watch").start(() -> {
            try {
                while (System.in.read() >= 0) {
                    // nothing to read: we only wait for the end
                }
            } catch (java.io.IOException ignored) {
                // closed
            }
            System.exit(0);
        });
    }
}
