package org.citywatch.bench.farm;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The clip as RTP payloads, made once and shared by every camera of the farm (RFC 6184, packetization-mode
 * 1): a NAL unit that fits in one packet goes as a single NAL unit packet, a bigger one as FU-A fragments.
 * Only the 12-byte RTP header differs between cameras (sequence number, timestamp, SSRC); it is written
 * per camera in front of these payloads.
 */
public final class PacketizedClip {

    /** RTP packets of at most this many bytes (header included), as cameras on an Ethernet network send. */
    static final int MTU = 1400;
    static final int RTP_HEADER = 12;
    static final int PAYLOAD_TYPE = 96;

    /** One picture: its RTP payloads in order (the last one gets the marker bit). */
    record Frame(boolean keyframe, List<byte[]> payloads, int wireBytes) {
    }

    private final List<Frame> frames;
    private final double fps;
    private final String fmtp;

    private PacketizedClip(List<Frame> frames, double fps, String fmtp) {
        this.frames = frames;
        this.fps = fps;
        this.fmtp = fmtp;
    }

    public static PacketizedClip load(Path mp4) {
        AnnexBReader.Clip clip = AnnexBReader.read(mp4);
        byte[] sps = null;
        byte[] pps = null;
        List<Frame> frames = new ArrayList<>(clip.units().size());
        for (AnnexBReader.Unit unit : clip.units()) {
            List<byte[]> payloads = new ArrayList<>();
            for (byte[] nal : unit.nals()) {
                int type = nal[0] & 0x1F;
                if (type == 7 && sps == null) {
                    sps = nal;
                } else if (type == 8 && pps == null) {
                    pps = nal;
                }
                packetize(nal, payloads);
            }
            int wire = 0;
            for (byte[] p : payloads) {
                wire += 4 + RTP_HEADER + p.length; // '$', channel, length; RTP header; payload
            }
            frames.add(new Frame(unit.keyframe(), List.copyOf(payloads), wire));
        }
        if (sps == null || pps == null) {
            throw new IllegalStateException(mp4 + " has no in-band SPS/PPS");
        }
        Base64.Encoder b64 = Base64.getEncoder();
        String fmtp = "packetization-mode=1;profile-level-id=" + HexFormat.of().formatHex(sps, 1, 4)
                + ";sprop-parameter-sets=" + b64.encodeToString(sps) + "," + b64.encodeToString(pps);
        return new PacketizedClip(List.copyOf(frames), clip.fps(), fmtp);
    }

    /** RFC 6184 5.6 (single NAL unit) or 5.8 (FU-A). */
    private static void packetize(byte[] nal, List<byte[]> out) {
        int max = MTU - RTP_HEADER;
        if (nal.length <= max) {
            out.add(nal);
            return;
        }
        int indicator = (nal[0] & 0xE0) | 28;
        int type = nal[0] & 0x1F;
        int pos = 1; // the NAL header travels in the FU indicator and header
        while (pos < nal.length) {
            int n = Math.min(max - 2, nal.length - pos);
            byte[] p = new byte[2 + n];
            p[0] = (byte) indicator;
            p[1] = (byte) ((pos == 1 ? 0x80 : 0) | (pos + n == nal.length ? 0x40 : 0) | type);
            System.arraycopy(nal, pos, p, 2, n);
            out.add(p);
            pos += n;
        }
    }

    /** The {@code a=fmtp} parameters: packetization mode, profile, SPS and PPS. */
    String fmtp() {
        return fmtp;
    }

    double fps() {
        return fps;
    }

    int size() {
        return frames.size();
    }

    Frame frame(int index) {
        return frames.get(index);
    }

    /** The keyframe at or before {@code index}: where a camera starting there begins. */
    int keyframeAtOrBefore(int index) {
        for (int i = Math.floorMod(index, frames.size()); i > 0; i--) {
            if (frames.get(i).keyframe()) {
                return i;
            }
        }
        return 0;
    }

    /** Average bitrate of the clip, in kbit/s, RTP payloads only. */
    double kbps() {
        long bytes = 0;
        for (Frame f : frames) {
            for (byte[] p : f.payloads()) {
                bytes += p.length;
            }
        }
        return bytes * 8 / 1000.0 / (frames.size() / fps);
    }

    long keyframes() {
        return frames.stream().filter(Frame::keyframe).count();
    }

    double packetsPerFrame() {
        return frames.stream().mapToInt(f -> f.payloads().size()).average().orElse(0);
    }
}
