package org.citywatch.ingest.rtsp.client;

/** How RTP reaches us: inside the RTSP TCP connection (the default: one socket, passes NAT), or over UDP. */
public enum RtspTransport {
    TCP,
    UDP
}
