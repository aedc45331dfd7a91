package org.citywatch.bench.farm;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avformat.*;
import static org.bytedeco.ffmpeg.global.avutil.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVBSFContext;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;

/**
 * The H.264 access units of an mp4, in decoding order, as NAL units: demuxed with libavformat and turned
 * into Annex-B by the {@code h264_mp4toannexb} bitstream filter (which also puts SPS and PPS in front of
 * every keyframe, as cameras send them), then split at the start codes.
 */
final class AnnexBReader {

    /** One coded picture: its NAL units without start codes. */
    record Unit(boolean keyframe, List<byte[]> nals) {
    }

    /** The clip: its pictures and its frame rate. */
    record Clip(List<Unit> units, double fps) {
    }

    private AnnexBReader() {
    }

    static Clip read(Path file) {
        AVFormatContext format = new AVFormatContext(null);
        check(avformat_open_input(format, file.toString(), null, (AVDictionary) null), "open " + file);
        AVBSFContext bsf = new AVBSFContext(null);
        AVPacket packet = av_packet_alloc();
        try {
            check(avformat_find_stream_info(format, (AVDictionary) null), "stream info");
            int index = av_find_best_stream(format, AVMEDIA_TYPE_VIDEO, -1, -1, (AVCodec) null, 0);
            check(index, "video stream");
            AVStream stream = format.streams(index);
            if (stream.codecpar().codec_id() != AV_CODEC_ID_H264) {
                throw new IllegalStateException(file + " is not H.264");
            }
            check(av_bsf_alloc(av_bsf_get_by_name("h264_mp4toannexb"), bsf), "bsf alloc");
            check(avcodec_parameters_copy(bsf.par_in(), stream.codecpar()), "bsf parameters");
            bsf.time_base_in(stream.time_base());
            check(av_bsf_init(bsf), "bsf init");
            double fps = av_q2d(stream.avg_frame_rate());
            List<Unit> units = new ArrayList<>();
            while (av_read_frame(format, packet) >= 0) {
                if (packet.stream_index() != index) {
                    av_packet_unref(packet);
                    continue;
                }
                check(av_bsf_send_packet(bsf, packet), "bsf send"); // takes the packet's reference
                while (av_bsf_receive_packet(bsf, packet) == 0) {
                    byte[] data = new byte[packet.size()];
                    packet.data().get(data);
                    units.add(new Unit((packet.flags() & AV_PKT_FLAG_KEY) != 0, split(data)));
                    av_packet_unref(packet);
                }
            }
            if (units.isEmpty() || !units.getFirst().keyframe()) {
                throw new IllegalStateException(file + " does not start with a keyframe");
            }
            return new Clip(units, fps > 0 && fps < 200 ? fps : 10);
        } finally {
            av_packet_free(packet);
            av_bsf_free(bsf);
            avformat_close_input(format);
        }
    }

    /** NAL units of an Annex-B buffer (3- or 4-byte start codes), without the start codes. */
    static List<byte[]> split(byte[] b) {
        List<byte[]> nals = new ArrayList<>();
        int start = -1;
        int i = 0;
        while (i + 2 < b.length) {
            if (b[i] == 0 && b[i + 1] == 0 && b[i + 2] == 1) {
                if (start >= 0) {
                    int end = i;
                    while (end > start && b[end - 1] == 0) {
                        end--; // the zero of a 4-byte start code belongs to no NAL unit
                    }
                    nals.add(java.util.Arrays.copyOfRange(b, start, end));
                }
                i += 3;
                start = i;
            } else {
                i++;
            }
        }
        if (start >= 0 && start < b.length) {
            nals.add(java.util.Arrays.copyOfRange(b, start, b.length));
        }
        return nals;
    }

    private static void check(int ret, String what) {
        if (ret < 0) {
            throw new IllegalStateException(what + " failed: " + ret);
        }
    }
}
