package org.citywatch.ingest.rtp;

import java.util.Objects;

/**
 * One coded picture: all NAL units of one presentation time, in Annex-B form (each NAL unit preceded by
 * the start code 00 00 00 01), ready for a decoder.
 *
 * @param codec         H.264 or H.265
 * @param rtpTimestamp  the RTP timestamp (90 kHz clock for video), as an unsigned 32-bit value
 * @param ptsMicros     presentation time in microseconds since the stream's first access unit
 *                      (unwrapped across RTP timestamp wrap-around)
 * @param keyframe      true when it holds an IDR/IRAP picture that decoding can start from (with the
 *                      parameter sets in front of it)
 * @param data          the Annex-B bytes; owned by this record, never changed after creation
 * @param receivedNanos {@link System#nanoTime()} when its last packet arrived
 */
public record AccessUnit(VideoCodec codec, long rtpTimestamp, long ptsMicros, boolean keyframe, byte[] data,
                         long receivedNanos) {

    public AccessUnit {
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(data, "data");
    }

    public int size() {
        return data.length;
    }
}
