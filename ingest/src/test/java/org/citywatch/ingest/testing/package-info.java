/**
 * Test fixtures: {@link org.citywatch.ingest.testing.GstRtspServer}, GStreamer's RTSP server (1.22 on Debian
 * bookworm) on 127.0.0.1, the independent peer for the RTSP client's interop tests.
 *
 * <p>What a client meets on the wire from this server (seen with 1.22.0):
 * <ul>
 *   <li>SDP: {@code a=control:*} at session level and {@code a=control:stream=0} (relative) on the video;
 *       {@code c=IN IP4 0.0.0.0}; {@code a=range:npt=now-} live, {@code npt=0-20} for a 20 s file;
 *       payload type 96; H.264 {@code packetization-mode=1;sprop-parameter-sets=…;profile-level-id=…},
 *       H.265 {@code sprop-vps/sprop-sps/sprop-pps}. {@code RTP-Info} in PLAY gives seq and rtptime (random
 *       start values).</li>
 *   <li>Test pattern, x264 with {@code tune=zerolatency}: an access-unit delimiter (NAL 9) in its own packet,
 *       two slices per frame (sliced threads), SPS/PPS repeated before every IDR slice (config-interval=-1),
 *       a large SEI (x264's settings) before the first IDR; the marker bit is on the frame's last packet.
 *       x265: VPS/SPS/PPS before each IDR, a prefix SEI, IDR_N_LP (NAL 20) key frames, no AUD.</li>
 *   <li>Packets are single NAL units unless one exceeds the MTU (1400 by default: FU-A / FU); the MP4 clip's
 *       key frames always fragment. {@code mtu(300)} fragments every key frame; {@code Aggregation.ZERO_LATENCY}
 *       adds STAP-A (24) / AP (48) packets.</li>
 *   <li>Digest authentication: the challenge is {@code Digest realm="GStreamer RTSP Server", nonce="…"} —
 *       RFC 2069 style, MD5, no qop, no opaque, no algorithm parameter; the response is
 *       MD5(HA1:nonce:HA2). A nonce is bound to the RTSP connection that first uses it (and to the client's IP):
 *       re-authenticate on a new connection. Unused nonces expire after about 30 s. Basic is neither
 *       offered nor accepted. OPTIONS needs no credentials; DESCRIBE does (401).</li>
 *   <li>UDP: the server's RTP/RTCP sockets are bound to 127.0.0.1 on an even/odd pair from 40000–49999 (the
 *       script's address pool; without it GStreamer binds the wildcard address). With
 *       {@code Protocols.UDP} a TCP SETUP gets 461 Unsupported Transport, and vice versa.</li>
 *   <li>Stop/restart: the process exits, so the kernel closes the RTSP connection (FIN) — no TEARDOWN, no
 *       RTCP BYE; over UDP the RTP simply stops. The restarted server listens on the same port within
 *       ~0.1 s (SO_REUSEADDR: old connections in TIME_WAIT/FIN_WAIT2 do not block it) and knows none of the
 *       old sessions: a client must start again from DESCRIBE.</li>
 *   <li>DESCRIBE answers with {@code Content-Base: rtsp://127.0.0.1:PORT/cam/} (trailing slash), so the
 *       track is {@code …/cam/stream=0}. Session ids look like {@code xChI+I163B+Swj5d} (with '+', echo them
 *       verbatim) and carry no {@code ;timeout=}: the default 60 s applies, and over UDP the client must keep
 *       the session alive (RTCP receiver reports, or GET_PARAMETER/OPTIONS with the session).</li>
 *   <li>A file source plays once (the stream ends at the end of the file); non-shared, each client gets
 *       its own pipeline from the start of the file.</li>
 * </ul>
 */
package org.citywatch.ingest.testing;
