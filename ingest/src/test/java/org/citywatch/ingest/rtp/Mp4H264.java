package org.citywatch.ingest.rtp;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.citywatch.assets.AssetResolver;
import org.citywatch.assets.SampleMedia;
import org.citywatch.ingest.rtp.TestPacketizer.Unit;

/**
 * The H.264 access units of a sample MP4, read with FFmpeg (avformat) and turned into NAL unit lists:
 * MP4 stores each NAL unit behind a big-endian length (avcC lengthSizeMinusOne + 1 bytes), and the SPS/PPS
 * in the avcC extradata rather than in-band (ISO/IEC 14496-15 section 5.3.3.1).
 *
 * @param units         in decoding order, RTP timestamps = pts on the 90 kHz clock + {@code timestampOffset}
 * @param keyFlags      the container's keyframe flag per unit
 * @param parameterSets SPS and PPS from avcC, as SDP would carry them
 */
record Mp4H264(List<Unit> units, List<Boolean> keyFlags, List<byte[]> parameterSets) {

    static Mp4H264 read(String sample, long timestampOffset) {
        Path file = AssetResolver.fromEnvironment().resolve(SampleMedia.get(sample));
        AVFormatContext format = new AVFormatContext(null);
        check(avformat_open_input(format, file.toString(), (AVInputFormat) null, (AVDictionary) null), "open " + file);
        AVPacket packet = av_packet_alloc();
        try {
            check(avformat_find_stream_info(format, (AVDictionary) null), "stream info");
            int index = av_find_best_stream(format, AVMEDIA_TYPE_VIDEO, -1, -1, (AVCodec) null, 0);
            check(index, "video stream");
            AVStream stream = format.streams(index);
            AVCodecParameters par = stream.codecpar();
            if (par.codec_id() != AV_CODEC_ID_H264) {
                throw new IllegalStateException(sample + " is not H.264");
            }
            byte[] avcc = new byte[par.extradata_size()];
            par.extradata().get(avcc);
            int lengthBytes = (avcc[4] & 0x03) + 1;
            long num = stream.time_base().num();
            long den = stream.time_base().den();
            List<Unit> units = new ArrayList<>();
            List<Boolean> keys = new ArrayList<>();
            while (av_read_frame(format, packet) >= 0) {
                if (packet.stream_index() == index) {
                    byte[] data = new byte[packet.size()];
                    packet.data().get(data);
                    long pts = packet.pts() != AV_NOPTS_VALUE ? packet.pts() : packet.dts();
                    long ts = (Math.floorDiv(pts * 90_000 * num, den) + timestampOffset) & 0xFFFF_FFFFL;
                    units.add(new Unit(ts, split(data, lengthBytes)));
                    keys.add((packet.flags() & AV_PKT_FLAG_KEY) != 0);
                }
                av_packet_unref(packet);
            }
            return new Mp4H264(units, keys, avccParameterSets(avcc));
        } finally {
            av_packet_free(packet);
            avformat_close_input(format);
        }
    }

    private static List<byte[]> split(byte[] data, int lengthBytes) {
        List<byte[]> nals = new ArrayList<>();
        int pos = 0;
        while (pos < data.length) {
            int size = 0;
            for (int i = 0; i < lengthBytes; i++) {
                size = (size << 8) | (data[pos++] & 0xFF);
            }
            nals.add(Arrays.copyOfRange(data, pos, pos + size));
            pos += size;
        }
        return nals;
    }

    /** avcC: version, profile, compatibility, level, lengthSize, numSPS, (len, SPS)*, numPPS, (len, PPS)*. */
    private static List<byte[]> avccParameterSets(byte[] avcc) {
        List<byte[]> sets = new ArrayList<>();
        int pos = 5;
        for (int round = 0; round < 2; round++) {
            int count = avcc[pos++] & (round == 0 ? 0x1F : 0xFF);
            for (int i = 0; i < count; i++) {
                int size = RtpPacket.u16(avcc, pos);
                sets.add(Arrays.copyOfRange(avcc, pos + 2, pos + 2 + size));
                pos += 2 + size;
            }
        }
        return sets;
    }

    private static void check(int result, String what) {
        if (result < 0) {
            throw new IllegalStateException("FFmpeg failed to " + what + ": error " + result);
        }
    }
}
