package org.citywatch.ingest.clip;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avformat.*;
import static org.bytedeco.ffmpeg.global.avutil.*;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVCodecParserContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.citywatch.ingest.rtp.AccessUnit;
import org.citywatch.ingest.rtp.VideoCodec;

/**
 * Writes access units into an MP4 file without re-encoding them: FFmpeg's MP4 muxer (libavformat) with one video
 * stream whose sample description (avcC / hvcC) it builds from the parameter sets of the first keyframe, given as
 * Annex-B extradata; it then turns each Annex-B packet into MP4's length-prefixed NAL units itself. The picture
 * size, which the muxer requires, comes from FFmpeg's parser reading that keyframe's SPS (no decoding). The moov
 * box goes to the front ({@code +faststart}) so a browser plays the clip before it has all of it.
 *
 * <p>The file is written under a temporary name beside the target and moved into place when complete, so a reader
 * never sees half a clip.
 */
final class Mp4Remuxer {

    private static final AVRational RTP_CLOCK = av_make_q(1, 90_000);

    private Mp4Remuxer() {
    }

    /** The codecs whose access units go into MP4 as they are. */
    static boolean supports(VideoCodec codec) {
        return switch (codec) {
            case H264, H265 -> true;
        };
    }

    /**
     * Writes the units (decoding order, the first a keyframe with its parameter sets in front) to {@code file}.
     *
     * @throws IOException with FFmpeg's or the file system's reason
     */
    static void write(List<AccessUnit> units, Path file) throws IOException {
        if (units.isEmpty() || !units.getFirst().keyframe()) {
            throw new IOException("a clip must start at a keyframe");
        }
        AccessUnit first = units.getFirst();
        VideoCodec codec = first.codec();
        if (!supports(codec)) {
            throw new IOException(codec + " cannot be remuxed into MP4");
        }
        byte[] extradata = AnnexB.parameterSets(codec, first.data());
        if (!AnnexB.complete(codec, extradata)) {
            throw new IOException("the first keyframe does not carry its parameter sets");
        }
        int codecId = codec == VideoCodec.H264 ? AV_CODEC_ID_H264 : AV_CODEC_ID_HEVC;
        int[] size = pictureSize(codecId, first.data());
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".part");
        try {
            mux(units, codecId, size, extradata, tmp);
            move(tmp, file);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void mux(List<AccessUnit> units, int codecId, int[] size, byte[] extradata, Path tmp)
            throws IOException {
        // "file:" so that a colon in the path is never taken for a protocol.
        String url = "file:" + tmp.toAbsolutePath();
        AVFormatContext oc = new AVFormatContext(null);
        check(avformat_alloc_output_context2(oc, null, "mp4", url), "set up the MP4 muxer");
        AVPacket packet = null;
        try {
            AVStream stream = avformat_new_stream(oc, null);
            if (stream == null || stream.isNull()) {
                throw new IOException("cannot add a video stream");
            }
            stream.time_base(RTP_CLOCK);
            AVCodecParameters par = stream.codecpar();
            par.codec_type(AVMEDIA_TYPE_VIDEO);
            par.codec_id(codecId);
            par.width(size[0]);
            par.height(size[1]);
            // Extradata is the muxer's to free (with the stream), so it comes from av_mallocz, padded as FFmpeg wants.
            BytePointer ex = new BytePointer(av_mallocz(extradata.length + AV_INPUT_BUFFER_PADDING_SIZE));
            ex.capacity(extradata.length).put(extradata);
            par.extradata(ex);
            par.extradata_size(extradata.length);

            AVIOContext pb = new AVIOContext(null);
            check(avio_open(pb, url, AVIO_FLAG_WRITE), "create " + tmp);
            oc.pb(pb);
            AVDictionary options = new AVDictionary(null);
            av_dict_set(options, "movflags", "+faststart", 0);
            int ret = avformat_write_header(oc, options);
            av_dict_free(options);
            check(ret, "write the MP4 header");

            PacketTimes times = PacketTimes.of(units);
            AVRational streamBase = stream.time_base(); // the muxer may have chosen its own
            packet = av_packet_alloc();
            for (int i = 0; i < units.size(); i++) {
                AccessUnit au = units.get(i);
                check(av_new_packet(packet, au.size()), "allocate a packet");
                packet.data().put(au.data(), 0, au.size());
                packet.stream_index(0).pts(times.pts()[i]).dts(times.dts()[i]).duration(times.durations()[i])
                        .flags(au.keyframe() ? AV_PKT_FLAG_KEY : 0);
                av_packet_rescale_ts(packet, RTP_CLOCK, streamBase);
                check(av_interleaved_write_frame(oc, packet), "write picture " + i); // takes the packet's data
            }
            check(av_write_trailer(oc), "finish the MP4 file");
        } finally {
            if (packet != null) {
                av_packet_free(packet);
            }
            if (oc.pb() != null && !oc.pb().isNull()) {
                avio_closep(oc.pb());
                oc.pb(null);
            }
            avformat_free_context(oc);
        }
    }

    /**
     * Width and height from the keyframe's SPS, through FFmpeg's parser: it reads the SPS (cropping included) and the
     * first slice header and fills in the size, which is all the muxer needs.
     */
    static int[] pictureSize(int codecId, byte[] keyframe) throws IOException {
        AVCodecParserContext parser = av_parser_init(codecId);
        if (parser == null || parser.isNull()) {
            throw new IOException("FFmpeg has no parser for " + avcodec_get_name(codecId).getString());
        }
        AVCodecContext context = avcodec_alloc_context3(null);
        try (BytePointer in = new BytePointer(Arrays.copyOf(keyframe, keyframe.length + AV_INPUT_BUFFER_PADDING_SIZE));
             PointerPointer<?> out = new PointerPointer<>(1);
             IntPointer outSize = new IntPointer(1)) {
            parser.flags(parser.flags() | AVCodecParserContext.PARSER_FLAG_COMPLETE_FRAMES);
            av_parser_parse2(parser, context, out, outSize, in, keyframe.length, AV_NOPTS_VALUE, AV_NOPTS_VALUE, 0);
            int width = parser.width() > 0 ? parser.width() : context.width();
            int height = parser.height() > 0 ? parser.height() : context.height();
            if (width <= 0 || height <= 0) {
                throw new IOException("cannot read the picture size from the keyframe's SPS");
            }
            return new int[] {width, height};
        } finally {
            av_parser_close(parser);
            avcodec_free_context(context);
        }
    }

    private static void move(Path tmp, Path file) throws IOException {
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void check(int ret, String what) throws IOException {
        if (ret < 0) {
            throw new IOException("cannot " + what + ": " + error(ret));
        }
    }

    private static String error(int code) {
        try (BytePointer text = new BytePointer(256)) {
            av_strerror(code, text, 256);
            return text.getString();
        }
    }
}
