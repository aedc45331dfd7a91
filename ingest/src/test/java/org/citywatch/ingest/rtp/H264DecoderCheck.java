package org.citywatch.ingest.rtp;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;

import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/** Decodes Annex-B access units with a fresh FFmpeg H.264 decoder, as a real consumer would. */
final class H264DecoderCheck {

    /** What came out of the decoder. */
    record Result(int frames, int framesWithErrors, int rejectedUnits) {
    }

    private H264DecoderCheck() {
    }

    static Result decode(List<AccessUnit> units) {
        AVCodecContext context = avcodec_alloc_context3(avcodec_find_decoder(AV_CODEC_ID_H264));
        if (avcodec_open2(context, null, (AVDictionary) null) < 0) {
            throw new IllegalStateException("cannot open the H.264 decoder");
        }
        AVPacket packet = av_packet_alloc();
        AVFrame frame = av_frame_alloc();
        int[] counts = new int[3];
        try {
            for (AccessUnit unit : units) {
                av_new_packet(packet, unit.size());
                packet.data().put(unit.data());
                packet.pts(unit.ptsMicros());
                if (avcodec_send_packet(context, packet) < 0) {
                    counts[2]++;
                }
                av_packet_unref(packet);
                receive(context, frame, counts);
            }
            avcodec_send_packet(context, null); // drain the reordering delay
            receive(context, frame, counts);
        } finally {
            av_frame_free(frame);
            av_packet_free(packet);
            avcodec_free_context(context);
        }
        return new Result(counts[0], counts[1], counts[2]);
    }

    private static void receive(AVCodecContext context, AVFrame frame, int[] counts) {
        while (avcodec_receive_frame(context, frame) >= 0) {
            counts[0]++;
            if (frame.decode_error_flags() != 0) {
                counts[1]++;
            }
        }
    }
}
