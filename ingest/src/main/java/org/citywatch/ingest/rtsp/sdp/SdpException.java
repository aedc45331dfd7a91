package org.citywatch.ingest.rtsp.sdp;

/**
 * The DESCRIBE body is not an SDP at all (empty, no usable {@code m=} line) or is over the caps of
 * {@link SdpParser}. Anything less is skipped with a warning instead, since real cameras send imperfect SDP.
 */
public final class SdpException extends Exception {

    private static final long serialVersionUID = 1L;

    public SdpException(String message) {
        super(message);
    }
}
