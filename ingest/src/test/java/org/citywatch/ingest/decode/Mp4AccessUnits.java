package org.citywatch.ingest.decode;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avformat.*;
import static org.bytedeco.ffmpeg.global.avutil.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVBSFContext;
import org.bytedeco.ffmpeg.avcodec.AVBitStreamFilter;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.citywatch.assets.AssetResolver;
import org.citywatch.assets.SampleMedia;
import org.citywatch.ingest.rtp.AccessUnit;
import org.citywatch.ingest.rtp.VideoCodec;

/**
 * Real access units for the tests: an H.264 or H.265 mp4 demuxed with libavformat, each video packet turned
 * into Annex-B by the {@code h264_mp4toannexb} (or {@code hevc_mp4toannexb}) bitstream filter, which also
 * puts the parameter sets in front of every keyframe, as the RTP depacketizer hands them to the decoder.
 */
public final class Mp4AccessUnits {

    private Mp4AccessUnits() {
    }

    public static Path sample(String file) {
        return AssetResolver.fromEnvironment().resolve(SampleMedia.get(file));
    }

    /** Every video access unit of the file, in decoding order. */
    public static List<AccessUnit> read(Path file) {
        AVFormatContext format = new AVFormatContext(null);
        check(avformat_open_input(format, file.toString(), null, (AVDictionary) null), "open " + file);
        AVBSFContext bsf = new AVBSFContext(null);
        AVPacket packet = av_packet_alloc();
        try {
            check(avformat_find_stream_info(format, (AVDictionary) null), "stream info");
            int index = av_find_best_stream(format, AVMEDIA_TYPE_VIDEO, -1, -1, (AVCodec) null, 0);
            check(index, "video stream");
            AVStream stream = format.streams(index);
            int codecId = stream.codecpar().codec_id();
            if (codecId != AV_CODEC_ID_H264 && codecId != AV_CODEC_ID_HEVC) {
                throw new IllegalStateException(file + " is neither H.264 nor H.265");
            }
            VideoCodec codec = codecId == AV_CODEC_ID_H264 ? VideoCodec.H264 : VideoCodec.H265;
            AVBitStreamFilter filter = av_bsf_get_by_name(
                    codec == VideoCodec.H264 ? "h264_mp4toannexb" : "hevc_mp4toannexb");
            check(av_bsf_alloc(filter, bsf), "bsf alloc");
            check(avcodec_parameters_copy(bsf.par_in(), stream.codecpar()), "bsf parameters");
            bsf.time_base_in(stream.time_base());
            check(av_bsf_init(bsf), "bsf init");

            AVRational timeBase = stream.time_base();
            AVRational micro = av_make_q(1, 1_000_000);
            AVRational rtpClock = av_make_q(1, 90_000);
            List<AccessUnit> units = new ArrayList<>();
            long firstPts = Long.MIN_VALUE;
            while (av_read_frame(format, packet) >= 0) {
                if (packet.stream_index() != index) {
                    av_packet_unref(packet);
                    continue;
                }
                check(av_bsf_send_packet(bsf, packet), "bsf send"); // takes the packet's reference
                while (av_bsf_receive_packet(bsf, packet) == 0) {
                    long ts = packet.pts() != AV_NOPTS_VALUE ? packet.pts() : packet.dts();
                    long micros = av_rescale_q(ts, timeBase, micro);
                    if (firstPts == Long.MIN_VALUE) {
                        firstPts = micros;
                    }
                    byte[] data = new byte[packet.size()];
                    packet.data().get(data);
                    boolean key = (packet.flags() & AV_PKT_FLAG_KEY) != 0;
                    long rtp = av_rescale_q(ts, timeBase, rtpClock) & 0xFFFF_FFFFL;
                    units.add(new AccessUnit(codec, rtp, micros - firstPts, key, data, System.nanoTime()));
                    av_packet_unref(packet);
                }
            }
            return units;
        } finally {
            av_packet_free(packet);
            av_bsf_free(bsf);
            avformat_close_input(format);
        }
    }

    private static void check(int ret, String what) {
        if (ret < 0) {
            throw new IllegalStateException(what + " failed: " + ret);
        }
    }
}
