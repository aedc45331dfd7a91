package org.citywatch.ingest.rtp;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The sender side, for tests: access units of NAL units into serialized RTP packets, the way cameras do it.
 * A NAL unit that fits goes as a single NAL unit packet, consecutive small ones are aggregated (STAP-A /
 * AP, when enabled), a big one is fragmented (FU-A / FU). The marker bit ends each access unit.
 */
final class TestPacketizer {

    /** One access unit to send: its NAL units (without start codes) and RTP timestamp. */
    record Unit(long rtpTimestamp, List<byte[]> nals) {

        boolean isKeyframe(VideoCodec codec) {
            return nals.stream().anyMatch(n -> codec == VideoCodec.H264 ? (n[0] & 0x1F) == 5
                    : ((n[0] >> 1) & 0x3F) >= 16 && ((n[0] >> 1) & 0x3F) <= 21);
        }

        byte[] annexB() {
            return TestPacketizer.annexB(nals);
        }
    }

    static final int PAYLOAD_TYPE = 96;

    private final VideoCodec codec;
    private final int maxPayload;
    private final long ssrc;
    private int sequence;
    private boolean aggregate = true;
    private Random decorations;

    /**
     * @param mtu size limit of one RTP packet including its 12-byte fixed header (header decorations,
     *            when enabled, come on top)
     */
    TestPacketizer(VideoCodec codec, int mtu, int firstSequence, long ssrc) {
        if (mtu < 12 + 8) {
            throw new IllegalArgumentException("mtu too small: " + mtu);
        }
        this.codec = codec;
        this.maxPayload = mtu - 12;
        this.sequence = firstSequence & 0xFFFF;
        this.ssrc = ssrc;
    }

    /** Never aggregate (packetization-mode 1 senders that only fragment). */
    TestPacketizer withoutAggregation() {
        aggregate = false;
        return this;
    }

    /** Adds random CSRC lists, header extensions and padding, which the receiver must skip. */
    TestPacketizer withHeaderDecorations(Random random) {
        decorations = random;
        return this;
    }

    int nextSequence() {
        return sequence;
    }

    List<byte[]> packetize(List<Unit> units) {
        List<byte[]> packets = new ArrayList<>();
        for (Unit unit : units) {
            packets.addAll(packetize(unit));
        }
        return packets;
    }

    List<byte[]> packetize(Unit unit) {
        List<byte[]> payloads = new ArrayList<>();
        List<byte[]> nals = unit.nals();
        int i = 0;
        while (i < nals.size()) {
            byte[] nal = nals.get(i);
            if (nal.length > maxPayload) {
                fragment(nal, payloads);
                i++;
                continue;
            }
            int headerBytes = codec == VideoCodec.H264 ? 1 : 2;
            int j = i;
            int size = headerBytes;
            while (aggregate && j < nals.size() && size + 2 + nals.get(j).length <= maxPayload) {
                size += 2 + nals.get(j).length;
                j++;
            }
            if (j - i >= 2) {
                payloads.add(aggregation(nals.subList(i, j)));
                i = j;
            } else {
                payloads.add(nal);
                i++;
            }
        }
        List<byte[]> packets = new ArrayList<>();
        for (int k = 0; k < payloads.size(); k++) {
            packets.add(rtp(payloads.get(k), k == payloads.size() - 1, unit.rtpTimestamp()));
        }
        return packets;
    }

    private byte[] aggregation(List<byte[]> nals) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (codec == VideoCodec.H264) {
            int nri = 0;
            for (byte[] nal : nals) {
                nri = Math.max(nri, nal[0] & 0x60);
            }
            out.write(nri | 24); // STAP-A, RFC 6184 5.7.1
        } else {
            int tid = 7;
            for (byte[] nal : nals) {
                tid = Math.min(tid, nal[1] & 0x07);
            }
            out.write(48 << 1); // AP, RFC 7798 4.4.2, LayerId 0
            out.write(tid);
        }
        for (byte[] nal : nals) {
            out.write(nal.length >> 8);
            out.write(nal.length & 0xFF);
            out.writeBytes(nal);
        }
        return out.toByteArray();
    }

    private void fragment(byte[] nal, List<byte[]> payloads) {
        int headerBytes = codec == VideoCodec.H264 ? 1 : 2;
        int overhead = codec == VideoCodec.H264 ? 2 : 3;
        int chunk = maxPayload - overhead;
        int type = codec == VideoCodec.H264 ? nal[0] & 0x1F : (nal[0] >> 1) & 0x3F;
        for (int pos = headerBytes; pos < nal.length; pos += chunk) {
            int len = Math.min(chunk, nal.length - pos);
            byte[] p = new byte[overhead + len];
            int fuHeader = (pos == headerBytes ? 0x80 : 0) | (pos + len == nal.length ? 0x40 : 0) | type;
            if (codec == VideoCodec.H264) {
                p[0] = (byte) ((nal[0] & 0xE0) | 28); // FU indicator, RFC 6184 5.8
            } else {
                p[0] = (byte) ((nal[0] & 0x81) | (49 << 1)); // payload header, RFC 7798 4.4.3
                p[1] = nal[1];
            }
            p[overhead - 1] = (byte) fuHeader;
            System.arraycopy(nal, pos, p, overhead, len);
            payloads.add(p);
        }
    }

    private byte[] rtp(byte[] payload, boolean marker, long timestamp) {
        int csrc = 0;
        int extensionWords = -1;
        int padding = 0;
        if (decorations != null) {
            csrc = decorations.nextInt(4) == 0 ? decorations.nextInt(16) : 0;
            extensionWords = decorations.nextInt(4) == 0 ? decorations.nextInt(4) : -1;
            padding = decorations.nextInt(4) == 0 ? 1 + decorations.nextInt(255) : 0;
        }
        int header = 12 + 4 * csrc + (extensionWords >= 0 ? 4 + 4 * extensionWords : 0);
        byte[] p = new byte[header + payload.length + padding];
        p[0] = (byte) (0x80 | (padding > 0 ? 0x20 : 0) | (extensionWords >= 0 ? 0x10 : 0) | csrc);
        p[1] = (byte) ((marker ? 0x80 : 0) | PAYLOAD_TYPE);
        p[2] = (byte) (sequence >> 8);
        p[3] = (byte) sequence;
        for (int i = 0; i < 4; i++) {
            p[4 + i] = (byte) (timestamp >> (24 - 8 * i));
            p[8 + i] = (byte) (ssrc >> (24 - 8 * i));
        }
        int pos = 12;
        for (int i = 0; i < 4 * csrc; i++) {
            p[pos++] = (byte) 0xC5; // arbitrary CSRC bytes
        }
        if (extensionWords >= 0) {
            p[pos] = (byte) 0xBE;
            p[pos + 1] = (byte) 0xDE;
            p[pos + 3] = (byte) extensionWords;
            for (int i = 0; i < 4 * extensionWords; i++) {
                p[pos + 4 + i] = (byte) 0xEE;
            }
            pos += 4 + 4 * extensionWords;
        }
        System.arraycopy(payload, 0, p, pos, payload.length);
        if (padding > 0) {
            p[p.length - 1] = (byte) padding;
        }
        sequence = (sequence + 1) & 0xFFFF;
        return p;
    }

    /** A plain RTP packet (no CSRC, extension or padding) around {@code payload}. */
    static byte[] raw(int sequence, long timestamp, long ssrc, boolean marker, byte[] payload) {
        TestPacketizer p = new TestPacketizer(VideoCodec.H264, 1400, sequence, ssrc);
        return p.rtp(payload, marker, timestamp);
    }

    static byte[] annexB(List<byte[]> nals) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] nal : nals) {
            out.writeBytes(new byte[] {0, 0, 0, 1});
            out.writeBytes(nal);
        }
        return out.toByteArray();
    }

    static RtpPacket parse(byte[] packet) {
        try {
            return RtpPacket.parse(packet);
        } catch (MalformedRtpException e) {
            throw new AssertionError("test packet does not parse: " + e.getMessage(), e);
        }
    }
}
