package org.citywatch.ingest.testing;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.citywatch.assets.AssetResolver;
import org.citywatch.assets.SampleMedia;

/**
 * The first access units of a real H.264 clip (baseline, no B-frames), as NAL unit lists, plus its SPS and
 * PPS for the SDP; and {@link Packetizer}, which turns them into RTP packets (single NAL unit packets, FU-A
 * for the big ones), the way a camera sends them. The same approach as the rtp package's test
 * {@code Mp4H264} and {@code TestPacketizer}, cut down to what a scripted camera needs (those are
 * package-private).
 */
public record H264Clip(List<List<byte[]>> units, List<byte[]> parameterSets) {

    public static final int PAYLOAD_TYPE = 96;
    private static final int MAX_PAYLOAD = 1400 - 12;

    /** The first {@code count} access units of a sample clip (they start at a keyframe). */
    public static H264Clip read(String sample, int count) {
        String file = AssetResolver.fromEnvironment().resolve(SampleMedia.get(sample)).toString();
        AVFormatContext format = new AVFormatContext(null);
        check(avformat_open_input(format, file, (AVInputFormat) null, (AVDictionary) null), "open " + file);
        AVPacket packet = av_packet_alloc();
        try {
            check(avformat_find_stream_info(format, (AVDictionary) null), "read stream info");
            int index = av_find_best_stream(format, AVMEDIA_TYPE_VIDEO, -1, -1, (AVCodec) null, 0);
            check(index, "find the video stream");
            AVCodecParameters par = format.streams(index).codecpar();
            if (par.codec_id() != AV_CODEC_ID_H264) {
                throw new IllegalStateException(sample + " is not H.264");
            }
            byte[] avcc = new byte[par.extradata_size()];
            par.extradata().get(avcc);
            int lengthBytes = (avcc[4] & 0x03) + 1;
            List<List<byte[]>> units = new ArrayList<>();
            while (units.size() < count && av_read_frame(format, packet) >= 0) {
                if (packet.stream_index() == index) {
                    byte[] data = new byte[packet.size()];
                    packet.data().get(data);
                    units.add(split(data, lengthBytes));
                }
                av_packet_unref(packet);
            }
            return new H264Clip(List.copyOf(units), avccParameterSets(avcc));
        } finally {
            av_packet_free(packet);
            avformat_close_input(format);
        }
    }

    /** The fmtp value for the SDP: {@code packetization-mode=1;sprop-parameter-sets=SPS,PPS}. */
    public String fmtp() {
        Base64.Encoder b64 = Base64.getEncoder();
        return "packetization-mode=1;sprop-parameter-sets="
                + String.join(",", parameterSets.stream().map(b64::encodeToString).toList());
    }

    /** MP4 stores each NAL unit behind a big-endian length of avcC's lengthSizeMinusOne + 1 bytes. */
    private static List<byte[]> split(byte[] data, int lengthBytes) {
        List<byte[]> nals = new ArrayList<>();
        int pos = 0;
        while (pos + lengthBytes <= data.length) {
            int size = 0;
            for (int i = 0; i < lengthBytes; i++) {
                size = (size << 8) | (data[pos++] & 0xFF);
            }
            nals.add(Arrays.copyOfRange(data, pos, Math.min(data.length, pos + size)));
            pos += size;
        }
        return nals;
    }

    /** avcC (ISO/IEC 14496-15 5.3.3.1): 5 bytes, numSPS, (len, SPS)*, numPPS, (len, PPS)*. */
    private static List<byte[]> avccParameterSets(byte[] avcc) {
        List<byte[]> sets = new ArrayList<>();
        int pos = 5;
        for (int round = 0; round < 2; round++) {
            int n = avcc[pos++] & (round == 0 ? 0x1F : 0xFF);
            for (int i = 0; i < n; i++) {
                int size = ((avcc[pos] & 0xFF) << 8) | (avcc[pos + 1] & 0xFF);
                sets.add(Arrays.copyOfRange(avcc, pos + 2, pos + 2 + size));
                pos += 2 + size;
            }
        }
        return List.copyOf(sets);
    }

    private static void check(int result, String what) {
        if (result < 0) {
            throw new IllegalStateException("FFmpeg failed to " + what + ": error " + result);
        }
    }

    /** RTP packets of one stream: sequence numbers and SSRC carry on from unit to unit. */
    public static final class Packetizer {
        private int sequence = ThreadLocalRandom.current().nextInt(0x10000);
        private final long ssrc = ThreadLocalRandom.current().nextLong(0x1_0000_0000L);

        /** The RTP packets of one access unit; the marker bit is on the last. */
        public List<byte[]> packetize(List<byte[]> nals, long timestamp) {
            List<byte[]> payloads = new ArrayList<>();
            for (byte[] nal : nals) {
                if (nal.length <= MAX_PAYLOAD) {
                    payloads.add(nal); // single NAL unit packet, RFC 6184 5.6
                    continue;
                }
                int type = nal[0] & 0x1F;
                for (int pos = 1; pos < nal.length; pos += MAX_PAYLOAD - 2) { // FU-A, RFC 6184 5.8
                    int len = Math.min(MAX_PAYLOAD - 2, nal.length - pos);
                    byte[] p = new byte[2 + len];
                    p[0] = (byte) ((nal[0] & 0xE0) | 28);
                    p[1] = (byte) ((pos == 1 ? 0x80 : 0) | (pos + len == nal.length ? 0x40 : 0) | type);
                    System.arraycopy(nal, pos, p, 2, len);
                    payloads.add(p);
                }
            }
            List<byte[]> packets = new ArrayList<>();
            for (int i = 0; i < payloads.size(); i++) {
                packets.add(rtp(PAYLOAD_TYPE, i == payloads.size() - 1, timestamp, payloads.get(i)));
            }
            return packets;
        }

        /** A plain version-2 RTP packet around {@code payload}, taking the next sequence number. */
        public byte[] rtp(int payloadType, boolean marker, long timestamp, byte[] payload) {
            byte[] p = new byte[12 + payload.length];
            p[0] = (byte) 0x80;
            p[1] = (byte) ((marker ? 0x80 : 0) | payloadType);
            p[2] = (byte) (sequence >> 8);
            p[3] = (byte) sequence;
            for (int i = 0; i < 4; i++) {
                p[4 + i] = (byte) (timestamp >> (24 - 8 * i));
                p[8 + i] = (byte) (ssrc >> (24 - 8 * i));
            }
            System.arraycopy(payload, 0, p, 12, payload.length);
            sequence = (sequence + 1) & 0xFFFF;
            return p;
        }
    }
}
