package org.citywatch.ingest.decode;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avutil.*;

import java.util.Objects;
import java.util.function.Consumer;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacv.Frame;
import org.citywatch.ingest.rtp.AccessUnit;
import org.citywatch.ingest.rtp.VideoCodec;
import org.citywatch.ingest.source.DecodedFrame;

/**
 * Decodes one camera's access units with FFmpeg (libavcodec) and converts the pictures its
 * {@link DecodePolicy} asks for to BGR24 (libswscale), optionally scaled down to a given width.
 *
 * <p>One per camera; not thread-safe. The {@link Frame} handed to the consumer is reused for every picture:
 * it is only valid during the call (the {@link org.citywatch.ingest.source.FrameSink} contract). Its
 * layout and pixels are those of JavaCV's {@code FFmpegFrameGrabber} (see {@link BgrConverter}).
 *
 * <p>Errors in the stream never throw: a packet the decoder rejects, or a picture it reports as corrupt,
 * is counted in {@link #decodeErrors()}, and the decoder then drops access units until the next keyframe
 * (a concealed, smeared picture would only give analytics false detections). FFmpeg conceals some damage
 * without saying so (a truncated P-frame, typically): lost packets are better reported by the depacketizer
 * through {@link #discontinuity()}. A picture size change (a new SPS) is followed: the decoder
 * re-initialises itself, the converter and its buffer follow.
 */
public final class VideoDecoder implements AutoCloseable {

    /** AV_FRAME_FLAG_CORRUPT and AV_FRAME_FLAG_KEY: macros the JavaCPP presets do not map. */
    private static final int FRAME_FLAG_CORRUPT = 1;
    private static final int FRAME_FLAG_KEY = 1 << 1;

    private final VideoCodec codec;
    private DecodePolicy policy;
    private final AVCodecContext context;
    private final AVFrame picture;
    private final AVPacket packet;
    private final BgrConverter converter;

    /** False until a keyframe was fed in a continuous mode, and again after an error or a skipped unit. */
    private boolean synced;
    /** Set by {@link #discontinuity()}: the pictures held for reordering go out with the next call. */
    private boolean drainPending;
    private long pictureIndex;
    private long lastKeyframePts = Long.MIN_VALUE;
    private boolean closed;

    private long unitsFed;
    private long unitsDropped;
    private long framesDecoded;
    private long framesEmitted;
    private long decodeErrors;
    private long decodeNanos;
    private long convertNanos;

    /** A decoder at the stream's own picture size. */
    public VideoDecoder(VideoCodec codec, DecodePolicy policy) {
        this(codec, policy, 0);
    }

    /**
     * @param outputWidth scale pictures wider than this down to this width, keeping the aspect ratio, in
     *                    the same swscale pass as the colour conversion; 0 keeps the stream's size
     */
    public VideoDecoder(VideoCodec codec, DecodePolicy policy, int outputWidth) {
        this.codec = Objects.requireNonNull(codec, "codec");
        this.policy = Objects.requireNonNull(policy, "policy");
        if (outputWidth < 0) {
            throw new IllegalArgumentException("outputWidth must be >= 0, was " + outputWidth);
        }
        AVCodec decoder = avcodec_find_decoder(codec == VideoCodec.H264 ? AV_CODEC_ID_H264 : AV_CODEC_ID_HEVC);
        if (decoder == null || decoder.isNull()) {
            throw new IllegalStateException("FFmpeg has no " + codec + " decoder");
        }
        context = avcodec_alloc_context3(decoder);
        // One thread per decoder: we run one decoder per camera, a thousand of them, so the cameras already
        // keep every core busy. Frame threads would add a frame of latency and a context copy per thread,
        // slice threads thousands of mostly idle threads.
        context.thread_count(1);
        // Presentation times travel through the decoder in microseconds.
        context.pkt_timebase(av_make_q(1, 1_000_000));
        int ret = avcodec_open2(context, decoder, (AVDictionary) null);
        if (ret < 0) {
            avcodec_free_context(context);
            throw new IllegalStateException("cannot open the " + codec + " decoder: " + error(ret));
        }
        picture = av_frame_alloc();
        packet = av_packet_alloc();
        converter = new BgrConverter(outputWidth);
    }

    /** Changes the policy from the next access unit on (say, when analytics starts watching this camera). */
    public void setPolicy(DecodePolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
        pictureIndex = 0;
        lastKeyframePts = Long.MIN_VALUE;
    }

    public DecodePolicy policy() {
        return policy;
    }

    /**
     * Decodes one access unit as the policy says, handing each picture to emit to {@code out}. A decoder
     * may hold pictures back for reordering (B-frames): they come out of later calls, or of {@link #flush}.
     */
    public void decode(AccessUnit au, Consumer<DecodedFrame> out) {
        ensureOpen();
        if (au.codec() != codec) {
            throw new IllegalArgumentException("a " + codec + " decoder was given " + au.codec());
        }
        if (drainPending) {
            flush(out);
        }
        if (!policy.mustDecode(au, lastKeyframePts)) {
            synced = false; // the reference pictures miss a unit: continuous decoding restarts at a keyframe
            return;
        }
        if (policy.keyframesOnly()) {
            decodeAlone(au, out);
            return;
        }
        if (!synced) {
            if (!au.keyframe()) {
                unitsDropped++;
                return;
            }
            avcodec_flush_buffers(context); // nothing before this keyframe is referenced
            synced = true;
        }
        if (!send(au)) {
            synced = false;
        }
        receive(out);
        if (!synced) {
            flush(out); // an error: hand out what was decoded before it, then wait for a keyframe
        }
    }

    /**
     * Tells the decoder that access units were lost before the next one (a gap in RTP sequence numbers):
     * FFmpeg would conceal the missing references and often not say so, so the decoder hands out what it
     * decoded before the gap and then drops units until the next keyframe.
     */
    public void discontinuity() {
        ensureOpen();
        if (synced) {
            synced = false;
            drainPending = true;
        }
    }

    /** Hands out the pictures the decoder still holds (end of a stream), and starts over at a keyframe. */
    public void flush(Consumer<DecodedFrame> out) {
        ensureOpen();
        drainPending = false;
        long start = System.nanoTime();
        avcodec_send_packet(context, null);
        decodeNanos += System.nanoTime() - start;
        receive(out);
        avcodec_flush_buffers(context); // also leaves the end-of-stream state
        synced = false;
    }

    /** A keyframe on its own: fed, drained (so nothing waits for reordering), then the decoder reset. */
    private void decodeAlone(AccessUnit au, Consumer<DecodedFrame> out) {
        avcodec_flush_buffers(context);
        long emittedBefore = framesEmitted;
        send(au);
        flush(out);
        if (framesEmitted > emittedBefore) {
            lastKeyframePts = au.ptsMicros(); // a keyframe that failed is retried at the next one
        }
    }

    private boolean send(AccessUnit au) {
        byte[] data = au.data();
        if (av_new_packet(packet, data.length) < 0) {
            decodeErrors++;
            return false;
        }
        packet.data().put(data, 0, data.length);
        packet.pts(au.ptsMicros()).dts(AV_NOPTS_VALUE).flags(au.keyframe() ? AV_PKT_FLAG_KEY : 0);
        long start = System.nanoTime();
        int ret = avcodec_send_packet(context, packet);
        decodeNanos += System.nanoTime() - start;
        av_packet_unref(packet);
        unitsFed++;
        if (ret < 0 && ret != AVERROR_EAGAIN()) {
            decodeErrors++;
            return false;
        }
        return true;
    }

    /** Takes every picture the decoder has ready. */
    private void receive(Consumer<DecodedFrame> out) {
        while (true) {
            long start = System.nanoTime();
            int ret = avcodec_receive_frame(context, picture);
            decodeNanos += System.nanoTime() - start;
            if (ret == AVERROR_EAGAIN() || ret == AVERROR_EOF()) {
                return;
            }
            if (ret < 0) {
                decodeErrors++;
                synced = false;
                return;
            }
            framesDecoded++;
            try {
                if ((picture.flags() & FRAME_FLAG_CORRUPT) != 0 || picture.decode_error_flags() != 0) {
                    decodeErrors++;
                    synced = false;
                } else if (policy.emits(pictureIndex++)) {
                    emit(out);
                }
            } finally {
                av_frame_unref(picture);
            }
        }
    }

    private void emit(Consumer<DecodedFrame> out) {
        long start = System.nanoTime();
        Frame frame = converter.convert(picture);
        convertNanos += System.nanoTime() - start;
        if (frame == null) {
            decodeErrors++; // a pixel format swscale cannot read: nothing to show for this picture
            return;
        }
        long pts = picture.pts() != AV_NOPTS_VALUE ? picture.pts() : picture.best_effort_timestamp();
        frame.timestamp = pts;
        frame.keyFrame = (picture.flags() & FRAME_FLAG_KEY) != 0;
        frame.pictType = (char) av_get_picture_type_char(picture.pict_type());
        framesEmitted++;
        out.accept(new DecodedFrame(frame, pts, System.nanoTime()));
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("decoder closed");
        }
    }

    private static String error(int code) {
        try (BytePointer text = new BytePointer(256)) {
            av_strerror(code, text, 256);
            return text.getString();
        }
    }

    /** Access units given to libavcodec. */
    public long unitsFed() {
        return unitsFed;
    }

    /** Access units dropped while waiting for a keyframe: at the start, after an error or a discontinuity. */
    public long unitsDropped() {
        return unitsDropped;
    }

    /** Pictures libavcodec returned, emitted or not. */
    public long framesDecoded() {
        return framesDecoded;
    }

    /** Pictures converted to BGR and handed to a consumer. */
    public long framesEmitted() {
        return framesEmitted;
    }

    /** Packets rejected and pictures reported corrupt by the decoder. */
    public long decodeErrors() {
        return decodeErrors;
    }

    /** Time spent in libavcodec (sending packets and receiving pictures), in nanoseconds. */
    public long decodeNanos() {
        return decodeNanos;
    }

    /** Time spent converting (and scaling) to BGR, in nanoseconds. */
    public long convertNanos() {
        return convertNanos;
    }

    /** Frees every native structure; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        avcodec_free_context(context);
        av_frame_free(picture);
        av_packet_free(packet);
        converter.close();
    }
}
