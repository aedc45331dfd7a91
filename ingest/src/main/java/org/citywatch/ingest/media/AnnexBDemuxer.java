package org.citywatch.ingest.media;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avformat.*;
import static org.bytedeco.ffmpeg.global.avutil.*;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVBSFContext;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.BytePointer;
import org.citywatch.ingest.rtp.AccessUnit;
import org.citywatch.ingest.rtp.VideoCodec;

/**
 * The video of a container file (mp4, mkv, ts …) as the {@link AccessUnit}s an RTSP camera would give:
 * packets demuxed by libavformat and turned into Annex-B by the {@code h264_mp4toannexb} /
 * {@code hevc_mp4toannexb} bitstream filter, which also puts the parameter sets in front of every keyframe
 * (as {@code rtp.AccessUnitAssembler} does). Annex-B input passes through the filter unchanged.
 *
 * <p>Presentation times count from the first packet's; {@link #rewind()} starts the file again with the clock
 * still running (one frame interval after the last picture), so a looped file looks like one live stream.
 * RTP timestamps are the packets' presentation times on the 90 kHz clock. Not thread-safe.
 */
public final class AnnexBDemuxer implements AutoCloseable {

    private static final AVRational MICROS = av_make_q(1, 1_000_000);
    private static final AVRational RTP_CLOCK = av_make_q(1, 90_000);

    private final String location;
    private final AVFormatContext format;
    private final AVBSFContext bsf;
    private final AVPacket packet;
    private final int index;
    private final VideoCodec codec;
    private final AVRational timeBase;
    private final long frameMicros;
    private final ArrayDeque<AccessUnit> ready = new ArrayDeque<>();
    private long firstPts = AV_NOPTS_VALUE;
    private long offsetMicros;
    private long lastMicros = -1;
    private boolean ended;
    private boolean closed;

    /**
     * Opens a file (or any URL libavformat reads) at its video stream.
     *
     * @throws IllegalStateException when it cannot be opened or has no video stream
     * @throws UnsupportedOperationException when its video is neither H.264 nor H.265
     */
    public static AnnexBDemuxer open(String location) {
        return new AnnexBDemuxer(location);
    }

    /** Every video access unit of a file, in decoding order. */
    public static List<AccessUnit> readAll(Path file) {
        try (AnnexBDemuxer demuxer = open(file.toString())) {
            List<AccessUnit> units = new ArrayList<>();
            for (AccessUnit au; (au = demuxer.next()) != null; ) {
                units.add(au);
            }
            return units;
        }
    }

    private AnnexBDemuxer(String location) {
        this.location = location;
        AVFormatContext fc = new AVFormatContext(null);
        check(avformat_open_input(fc, location, null, (AVDictionary) null), "open");
        format = fc;
        bsf = new AVBSFContext(null);
        packet = av_packet_alloc();
        try {
            check(avformat_find_stream_info(format, (AVDictionary) null), "read the stream info of");
            index = av_find_best_stream(format, AVMEDIA_TYPE_VIDEO, -1, -1, (AVCodec) null, 0);
            check(index, "find a video stream in");
            AVStream stream = format.streams(index);
            int codecId = stream.codecpar().codec_id();
            if (codecId == AV_CODEC_ID_H264) {
                codec = VideoCodec.H264;
            } else if (codecId == AV_CODEC_ID_HEVC) {
                codec = VideoCodec.H265;
            } else {
                throw new UnsupportedOperationException(location + ": video is " + avcodec_get_name(codecId).getString()
                        + ", only H.264 and H.265 are read as access units");
            }
            check(av_bsf_alloc(av_bsf_get_by_name(codec == VideoCodec.H264 ? "h264_mp4toannexb" : "hevc_mp4toannexb"),
                    bsf), "allocate the Annex-B filter for");
            check(avcodec_parameters_copy(bsf.par_in(), stream.codecpar()), "set up the Annex-B filter for");
            bsf.time_base_in(stream.time_base());
            check(av_bsf_init(bsf), "start the Annex-B filter for");
            timeBase = stream.time_base();
            double fps = av_q2d(stream.avg_frame_rate());
            frameMicros = fps > 0 && fps < 1000 ? Math.round(1_000_000 / fps) : 40_000;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    public VideoCodec codec() {
        return codec;
    }

    /** One frame interval (from the stream's average frame rate; 40 ms when it has none), in microseconds. */
    public long frameMicros() {
        return frameMicros;
    }

    /** The next access unit in decoding order; null at the end of the file. */
    public AccessUnit next() {
        ensureOpen();
        while (ready.isEmpty() && !ended) {
            int ret = av_read_frame(format, packet);
            if (ret < 0) {
                ended = true;
                check(av_bsf_send_packet(bsf, null), "flush the Annex-B filter of"); // end of stream: drain it
                receive();
                break;
            }
            if (packet.stream_index() != index) {
                av_packet_unref(packet);
                continue;
            }
            ret = av_bsf_send_packet(bsf, packet); // takes the packet's reference
            if (ret < 0) {
                av_packet_unref(packet);
                check(ret, "filter a packet of");
            }
            receive();
        }
        return ready.pollFirst();
    }

    private void receive() {
        while (av_bsf_receive_packet(bsf, packet) == 0) {
            try {
                long ts = packet.pts() != AV_NOPTS_VALUE ? packet.pts() : packet.dts();
                if (ts == AV_NOPTS_VALUE) {
                    continue; // no time at all: cannot be placed in a stream
                }
                if (firstPts == AV_NOPTS_VALUE) {
                    firstPts = ts;
                }
                long micros = av_rescale_q(ts - firstPts, timeBase, MICROS) + offsetMicros;
                long rtp = (av_rescale_q(ts, timeBase, RTP_CLOCK) + offsetMicros * 9 / 100) & 0xFFFF_FFFFL;
                byte[] data = new byte[packet.size()];
                packet.data().get(data);
                boolean key = (packet.flags() & AV_PKT_FLAG_KEY) != 0;
                lastMicros = Math.max(lastMicros, micros);
                ready.addLast(new AccessUnit(codec, rtp, micros, key, data, System.nanoTime()));
            } finally {
                av_packet_unref(packet);
            }
        }
    }

    /** Starts again at the beginning; times go on from one frame interval after the last unit read. */
    public void rewind() {
        ensureOpen();
        long start = format.start_time() != AV_NOPTS_VALUE ? format.start_time() : 0;
        check(avformat_seek_file(format, -1, Long.MIN_VALUE, start, Long.MAX_VALUE, AVSEEK_FLAG_BACKWARD), "rewind");
        av_bsf_flush(bsf);
        ready.clear();
        ended = false;
        if (lastMicros >= 0) {
            offsetMicros = lastMicros + frameMicros;
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("demuxer closed");
        }
    }

    private void check(int ret, String what) {
        if (ret < 0) {
            throw new IllegalStateException("cannot " + what + " " + location + ": " + error(ret));
        }
    }

    private static String error(int code) {
        try (BytePointer text = new BytePointer(256)) {
            av_strerror(code, text, 256);
            return text.getString();
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        av_packet_free(packet);
        av_bsf_free(bsf);
        avformat_close_input(format);
    }
}
