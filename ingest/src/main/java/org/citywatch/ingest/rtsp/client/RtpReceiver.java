package org.citywatch.ingest.rtsp.client;

import java.util.function.Consumer;
import org.citywatch.ingest.rtp.AccessUnit;
import org.citywatch.ingest.rtp.Depacketizer;
import org.citywatch.ingest.rtp.MalformedRtpException;
import org.citywatch.ingest.rtp.RtpPacket;

/**
 * RTP packets of the video track in, access units out. A malformed packet is counted and dropped: it
 * affects only itself (the depacketizer then resyncs at the next keyframe).
 */
final class RtpReceiver {

    private final Depacketizer depacketizer;
    private final int payloadType;
    private long malformed;
    private long foreign;

    RtpReceiver(Depacketizer depacketizer, int payloadType) {
        this.depacketizer = depacketizer;
        this.payloadType = payloadType;
    }

    void onPacket(byte[] data, int offset, int length, long receivedNanos, Consumer<AccessUnit> out) {
        RtpPacket packet;
        try {
            packet = RtpPacket.parse(data, offset, length);
        } catch (MalformedRtpException e) {
            malformed++;
            return;
        }
        if (packet.payloadType() != payloadType) {
            foreign++; // another payload type on the same channel (comfort noise, FEC): not ours
            return;
        }
        depacketizer.push(packet, receivedNanos, out);
    }

    long malformedPackets() {
        return malformed;
    }

    long foreignPackets() {
        return foreign;
    }

    Depacketizer depacketizer() {
        return depacketizer;
    }
}
