package org.citywatch.bench.farm;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sends the pictures of every playing camera of one event loop, in real time, from one timer: no thread
 * and no timer per camera. A frame interval (100 ms at 10 fps) is cut into {@value #PHASES} phases, and a
 * camera is served in the phase of its number, so a thousand cameras do not all send in the same instant.
 *
 * <p>A camera whose socket buffer is full (the receiver is behind: {@link Channel#isWritable()} is false)
 * skips the picture, counted, and its sequence numbers jump by the packets not sent, so the receiver sees
 * the loss as a real camera's would: the farm never buffers without bound.
 */
final class Pacer {

    static final int PHASES = 10;

    /** What all pacers of the farm count. */
    static final class Stats {
        final LongAdder frames = new LongAdder();
        final LongAdder packets = new LongAdder();
        final LongAdder bytes = new LongAdder();
        final LongAdder skippedFrames = new LongAdder();
        final LongAdder playing = new LongAdder();
    }

    /** One playing camera: where it is in the clip, and its RTP numbering. */
    static final class Stream {
        private final Channel channel;
        private final int rtpChannel;
        private final int ssrc = ThreadLocalRandom.current().nextInt();
        private int index;
        private int sequence = ThreadLocalRandom.current().nextInt(0x10000);
        private long timestamp = ThreadLocalRandom.current().nextLong(0x1_0000_0000L);
        private volatile boolean stopped;

        Stream(Channel channel, int rtpChannel, int startIndex) {
            this.channel = channel;
            this.rtpChannel = rtpChannel;
            this.index = startIndex;
        }

        int sequence() {
            return sequence;
        }

        long timestamp() {
            return timestamp;
        }

        void stop() {
            stopped = true;
        }
    }

    private final PacketizedClip clip;
    private final Stats stats;
    private final long ticksPerFrame90k;
    private final List<List<Stream>> phases = new ArrayList<>(); // event loop only
    private final EventLoop loop;
    private long tick;

    Pacer(EventLoop loop, PacketizedClip clip, Stats stats) {
        this.loop = loop;
        this.clip = clip;
        this.stats = stats;
        this.ticksPerFrame90k = Math.round(90_000 / clip.fps());
        for (int i = 0; i < PHASES; i++) {
            phases.add(new ArrayList<>());
        }
        long periodNanos = Math.round(1e9 / clip.fps() / PHASES);
        loop.scheduleAtFixedRate(this::tick, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
    }

    /** Starts sending a camera in the given phase, from the next tick on. Any thread. */
    void add(Stream stream, int phase) {
        loop.execute(() -> {
            phases.get(Math.floorMod(phase, PHASES)).add(stream);
            stats.playing.increment();
        });
    }

    private void tick() {
        List<Stream> due = phases.get((int) (tick++ % PHASES));
        for (Iterator<Stream> it = due.iterator(); it.hasNext(); ) {
            Stream s = it.next();
            if (s.stopped || !s.channel.isActive()) {
                it.remove();
                stats.playing.decrement();
            } else {
                send(s);
            }
        }
    }

    private void send(Stream s) {
        PacketizedClip.Frame frame = clip.frame(s.index);
        s.index = (s.index + 1) % clip.size();
        List<byte[]> payloads = frame.payloads();
        if (!s.channel.isWritable()) {
            s.sequence = (s.sequence + payloads.size()) & 0xFFFF;
            s.timestamp += ticksPerFrame90k;
            stats.skippedFrames.increment();
            return;
        }
        ByteBuf buf = s.channel.alloc().directBuffer(frame.wireBytes());
        for (int i = 0; i < payloads.size(); i++) {
            byte[] p = payloads.get(i);
            boolean last = i == payloads.size() - 1;
            buf.writeByte('$').writeByte(s.rtpChannel).writeShort(PacketizedClip.RTP_HEADER + p.length);
            buf.writeByte(0x80).writeByte((last ? 0x80 : 0) | PacketizedClip.PAYLOAD_TYPE);
            buf.writeShort(s.sequence).writeInt((int) s.timestamp).writeInt(s.ssrc);
            buf.writeBytes(p);
            s.sequence = (s.sequence + 1) & 0xFFFF;
        }
        s.timestamp += ticksPerFrame90k;
        s.channel.writeAndFlush(buf, s.channel.voidPromise());
        stats.frames.increment();
        stats.packets.add(payloads.size());
        stats.bytes.add(frame.wireBytes());
    }
}
