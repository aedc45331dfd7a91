package org.citywatch.ingest.clip;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.citywatch.ingest.media.AnnexBDemuxer;
import org.citywatch.ingest.rtp.AccessUnit;

/**
 * What a written clip holds, seen two independent ways: its packets demuxed again as Annex-B access units, and its
 * pictures decoded by JavaCV's FFmpegFrameGrabber (as a player would).
 *
 * @param units            the packets demuxed to Annex-B (times, keyframe flags), in decoding order
 * @param samples          the NAL units of each MP4 sample as stored (length-prefixed in the file), in decoding order
 * @param pictures         pictures the grabber decoded
 * @param firstKeyFrame    whether the first decoded picture is a keyframe
 * @param timestamps       the pictures' timestamps, in the order shown
 * @param lengthMicros     the container's duration
 * @param width            picture width
 */
record ClipFile(List<AccessUnit> units, List<List<byte[]>> samples, int pictures, boolean firstKeyFrame, List<Long> timestamps,
                long lengthMicros, int width) {

    static ClipFile read(Path file) throws Exception {
        List<AccessUnit> units = AnnexBDemuxer.readAll(file);
        List<Long> timestamps = new ArrayList<>();
        boolean firstKey = false;
        long length;
        int width;
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toString())) {
            grabber.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
            grabber.start();
            length = grabber.getLengthInTime();
            width = grabber.getImageWidth();
            for (Frame f; (f = grabber.grabImage()) != null; ) {
                if (timestamps.isEmpty()) {
                    firstKey = f.keyFrame;
                }
                timestamps.add(f.timestamp);
            }
        }
        return new ClipFile(units, samples(file), timestamps.size(), firstKey, timestamps, length, width);
    }

    /** The samples as stored: MP4 puts a 4-byte big-endian length before each NAL unit (FFmpeg's avcC/hvcC say 4). */
    private static List<List<byte[]>> samples(Path file) {
        AVFormatContext format = new AVFormatContext(null);
        if (avformat_open_input(format, file.toString(), null, (AVDictionary) null) < 0) {
            throw new IllegalStateException("cannot open " + file);
        }
        AVPacket packet = av_packet_alloc();
        try {
            List<List<byte[]>> samples = new ArrayList<>();
            while (av_read_frame(format, packet) >= 0) {
                byte[] data = new byte[packet.size()];
                packet.data().get(data);
                List<byte[]> nals = new ArrayList<>();
                ByteBuffer b = ByteBuffer.wrap(data);
                while (b.remaining() >= 4) {
                    byte[] nal = new byte[b.getInt()];
                    b.get(nal);
                    nals.add(nal);
                }
                samples.add(nals);
                av_packet_unref(packet);
            }
            return samples;
        } finally {
            av_packet_free(packet);
            avformat_close_input(format);
        }
    }

    boolean timestampsRise() {
        for (int i = 1; i < timestamps.size(); i++) {
            if (timestamps.get(i) <= timestamps.get(i - 1)) {
                return false;
            }
        }
        return true;
    }

    /** Presentation span, first picture to the end of the last (one frame interval after it). */
    double seconds() {
        return lengthMicros / 1e6;
    }
}
