package org.citywatch.ingest.rtsp;

import io.netty.handler.codec.DecoderException;

/**
 * The server broke RTSP framing beyond repair (a header block or body over our caps, an invalid
 * Content-Length). A {@link DecoderException} so that {@link io.netty.handler.codec.ByteToMessageDecoder}
 * passes it on to {@code exceptionCaught} as it is, not wrapped.
 */
public final class RtspProtocolException extends DecoderException {

    private static final long serialVersionUID = 1L;

    public RtspProtocolException(String message) {
        super(message);
    }
}
