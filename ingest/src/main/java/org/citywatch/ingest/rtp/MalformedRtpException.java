package org.citywatch.ingest.rtp;

/**
 * A datagram (or interleaved frame) that is not a well-formed RTP packet. Checked on purpose: the receive
 * path must decide what a bad packet costs (count it and skip it; never tear the session down for one).
 * It is the only exception {@link RtpPacket#parse} throws, whatever the input.
 */
public final class MalformedRtpException extends Exception {

    private static final long serialVersionUID = 1L;

    public MalformedRtpException(String message) {
        super(message);
    }
}
