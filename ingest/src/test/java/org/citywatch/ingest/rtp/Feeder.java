package org.citywatch.ingest.rtp;

import java.util.ArrayList;
import java.util.List;

/** Hand-made packets into a depacketizer, for tests that need exact payload bytes. */
final class Feeder {

    final Depacketizer depacketizer;
    final List<AccessUnit> out = new ArrayList<>();
    private int sequence = 100;
    private long ssrc = 0x1234;

    Feeder(Depacketizer depacketizer) {
        this.depacketizer = depacketizer;
    }

    /** Sends one packet with the next sequence number; payload given as unsigned byte values. */
    Feeder send(long timestamp, boolean marker, int... payload) {
        byte[] bytes = new byte[payload.length];
        for (int i = 0; i < payload.length; i++) {
            bytes[i] = (byte) payload[i];
        }
        return sendBytes(timestamp, marker, bytes);
    }

    Feeder sendBytes(long timestamp, boolean marker, byte[] payload) {
        byte[] packet = TestPacketizer.raw(sequence, timestamp, ssrc, marker, payload);
        sequence = (sequence + 1) & 0xFFFF;
        depacketizer.push(TestPacketizer.parse(packet), System.nanoTime(), out::add);
        return this;
    }

    /** Sends whole access units through a packetizer that continues this feeder's sequence numbers. */
    Feeder sendUnits(VideoCodec codec, int mtu, List<TestPacketizer.Unit> units) {
        TestPacketizer packetizer = new TestPacketizer(codec, mtu, sequence, ssrc);
        for (byte[] packet : packetizer.packetize(units)) {
            depacketizer.push(TestPacketizer.parse(packet), System.nanoTime(), out::add);
        }
        sequence = packetizer.nextSequence();
        return this;
    }

    /** The next sequence number is never sent: a lost packet. */
    Feeder lose() {
        sequence = (sequence + 1) & 0xFFFF;
        return this;
    }

    List<byte[]> data() {
        List<byte[]> data = new ArrayList<>();
        for (AccessUnit unit : out) {
            data.add(unit.data());
        }
        return data;
    }

    static byte[] annexB(int[]... nals) {
        List<byte[]> list = new ArrayList<>();
        for (int[] nal : nals) {
            byte[] b = new byte[nal.length];
            for (int i = 0; i < nal.length; i++) {
                b[i] = (byte) nal[i];
            }
            list.add(b);
        }
        return TestPacketizer.annexB(list);
    }
}
