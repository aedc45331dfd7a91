package org.citywatch.ingest.rtp;

/** The video codecs ingest depacketizes and decodes. */
public enum VideoCodec {
    /** H.264 / AVC, RTP payload format RFC 6184. */
    H264,
    /** H.265 / HEVC, RTP payload format RFC 7798. */
    H265
}
