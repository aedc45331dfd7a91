package org.citywatch.ingest.rtsp.client;

import java.util.function.Consumer;
import org.citywatch.ingest.rtp.AccessUnit;
import org.citywatch.ingest.rtp.Depacketizer;
import org.citywatch.ingest.rtp.MalformedRtpException;
import org.citywatch.ingest.rtp.RtpPacket;

/**
 * RTP packets of the video track in, access units out. A malformed packet is dropped: it affects only
 * itself (the depacketizer then resyncs at the next keyframe), and the first one of a session is reported.
 */
final class RtpReceiver {

    private final Depacketizer depacketizer;
    private final int payloadType;
    private final Consumer<MalformedRtpException> reportFirstMalformed;
    private boolean malformedSeen;

    RtpReceiver(Depacketizer depacketizer, int payloadType, Consumer<MalformedRtpException> reportFirstMalformed) {
        this.depacketizer = depacketizer;
        this.payloadType = payloadType;
        this.reportFirstMalformed = reportFirstMalformed;
    }

    void onPacket(byte[] data, int offset, int length, long receivedNanos, Consumer<AccessUnit> out) {
        RtpPacket packet;
        try {
            packet = RtpPacket.parse(data, offset, length);
        } catch (MalformedRtpException e) {
            if (!malformedSeen) {
                malformedSeen = true;
                reportFirstMalformed.accept(e);
            }
            return;
        }
        if (packet.payloadType() != payloadType) {
            return; // another payload type on the same channel (comfort noise, FEC): not ours
        }
        depacketizer.push(packet, receivedNanos, out);
    }

    Depacketizer depacketizer() {
        return depacketizer;
    }
}
