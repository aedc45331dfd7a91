package org.citywatch.ingest.rtsp.client;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.rtsp.RtspHeaderNames;
import io.netty.handler.codec.rtsp.RtspMethods;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import org.citywatch.ingest.rtp.AccessUnit;
import org.citywatch.ingest.rtp.Depacketizer;
import org.citywatch.ingest.rtp.H264Depacketizer;
import org.citywatch.ingest.rtp.H265Depacketizer;
import org.citywatch.ingest.rtsp.InterleavedFrame;
import org.citywatch.ingest.rtsp.auth.Authenticator;
import org.citywatch.ingest.rtsp.auth.Credentials;
import org.citywatch.ingest.rtsp.sdp.MediaDescription;
import org.citywatch.ingest.rtsp.sdp.SdpException;
import org.citywatch.ingest.rtsp.sdp.SdpParser;
import org.citywatch.ingest.rtsp.sdp.SessionDescription;
import org.citywatch.ingest.source.SessionEnd;

/**
 * The RTSP requests of one session, in order: OPTIONS, DESCRIBE, SETUP, PLAY, then keep-alives and
 * TEARDOWN. Every request goes through {@link #send}, which answers a 401 with credentials once (and
 * again only when the camera says the nonce went stale), so a wrong password ends in UNAUTHORIZED, not
 * in a loop.
 */
final class RtspDialog {

    private static final Set<String> CODECS = Set.of("H264", "H265");
    private static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(60);

    /** The session must end with this outcome (UNAUTHORIZED, UNSUPPORTED, or a plain failure). */
    static final class EndOfSession extends RuntimeException {
        private final transient SessionEnd end;

        EndOfSession(SessionEnd end) {
            super(end.reason(), null, false, false);
            this.end = end;
        }

        SessionEnd end() {
            return end;
        }
    }

    /** The camera sent us elsewhere (3xx with a Location). */
    static final class Redirect extends RuntimeException {
        private final transient URI location;

        Redirect(URI location) {
            super("redirected to " + Credentials.withoutUserInfo(location), null, false, false);
            this.location = location;
        }

        URI location() {
            return location;
        }
    }

    /** The video track being set up: its depacketizer and RTP payload type. */
    record Track(MediaDescription media, int payloadType, Depacketizer depacketizer) {
    }

    /** PLAY succeeded. */
    record Playing(Duration sessionTimeout) {
    }

    private final URI url;
    private final RtspConnection connection;
    private final Authenticator auth;
    private final boolean hasCredentials;
    private final RtspTransport transport;
    private final Consumer<org.citywatch.ingest.rtp.MalformedRtpException> reportFirstMalformed;
    private String sessionId;
    private String publicMethods;
    private URI playUri;
    private RtpReceiver receiver;
    private int rtpChannel = 0;
    private Duration sessionTimeout = DEFAULT_SESSION_TIMEOUT;

    /** @param reportFirstMalformed told of the session's first malformed RTP packet (later ones are only dropped) */
    RtspDialog(URI url, RtspConnection connection, Optional<Credentials> credentials, RtspTransport transport,
               Consumer<org.citywatch.ingest.rtp.MalformedRtpException> reportFirstMalformed) {
        this.url = url;
        this.connection = connection;
        this.auth = new Authenticator(credentials);
        this.hasCredentials = credentials.isPresent();
        this.transport = transport;
        this.reportFirstMalformed = reportFirstMalformed;
    }

    /**
     * Runs OPTIONS, DESCRIBE, SETUP and PLAY.
     *
     * @param udpPorts for UDP: binds the local RTP/RTCP ports for a track and gives [rtp, rtcp]
     */
    CompletableFuture<Playing> open(Function<Track, CompletableFuture<int[]>> udpPorts) {
        return send(RtspMethods.OPTIONS, url, Map.of())
                .thenCompose(options -> {
                    publicMethods = options.headers().get(RtspHeaderNames.PUBLIC);
                    return send(RtspMethods.DESCRIBE, url, Map.of("Accept", "application/sdp"));
                })
                .thenCompose(describe -> {
                    expect(describe, "DESCRIBE");
                    Track track = track(describe);
                    if (transport == RtspTransport.TCP) {
                        return setup(track, "RTP/AVP/TCP;unicast;interleaved=0-1");
                    }
                    return udpPorts.apply(track)
                            .thenCompose(ports -> setup(track, "RTP/AVP;unicast;client_port=" + ports[0] + "-" + ports[1]));
                })
                .thenCompose(setup -> {
                    Map<String, String> h = new LinkedHashMap<>();
                    h.put("Range", "npt=0.000-");
                    return send(RtspMethods.PLAY, playUri, h);
                })
                .thenApply(play -> {
                    expect(play, "PLAY");
                    return new Playing(sessionTimeout);
                });
    }

    private Track track(RtspResponse describe) {
        URI base = firstUri(describe.headers().get(RtspHeaderNames.CONTENT_BASE),
                describe.headers().get(RtspHeaderNames.CONTENT_LOCATION), url);
        SessionDescription sdp;
        try {
            sdp = SdpParser.parse(describe.body(), base);
        } catch (SdpException e) {
            throw new EndOfSession(new SessionEnd.Failed("unreadable SDP: " + e.getMessage()));
        }
        MediaDescription video = sdp.firstVideo(CODECS).orElseThrow(() -> new EndOfSession(new SessionEnd.Unsupported(
                sdp.media().stream().anyMatch(MediaDescription::isVideo)
                        ? "video codec not supported (only H.264 and H.265): " + describeVideo(sdp)
                        : "the stream has no video track")));
        int pt = video.payloadType(CODECS).getAsInt();
        String encoding = video.rtpmap(pt).map(r -> r.encoding()).orElse("");
        Depacketizer d = encoding.equals("H265")
                ? new H265Depacketizer(video.spropVpsSpsPps(pt))
                : new H264Depacketizer(video.spropParameterSets(pt));
        playUri = sdp.controlUri();
        return new Track(video, pt, d);
    }

    private static String describeVideo(SessionDescription sdp) {
        return sdp.media().stream().filter(MediaDescription::isVideo)
                .flatMap(m -> m.rtpmaps().values().stream().map(r -> r.encoding())).distinct().toList().toString();
    }

    private CompletableFuture<RtspResponse> setup(Track track, String transportHeader) {
        receiver = new RtpReceiver(track.depacketizer(), track.payloadType(), reportFirstMalformed);
        return send(RtspMethods.SETUP, track.media().controlUri(), Map.of("Transport", transportHeader))
                .thenApply(setup -> {
                    if (setup.code() == 461) {
                        throw new EndOfSession(new SessionEnd.Unsupported("the camera refused RTP over " + transport));
                    }
                    expect(setup, "SETUP");
                    parseSession(setup.headers().get(RtspHeaderNames.SESSION));
                    TransportHeader t = TransportHeader.parse(setup.headers().get(RtspHeaderNames.TRANSPORT));
                    rtpChannel = t.rtpChannel().orElse(0);
                    return setup;
                });
    }

    /** "12345678;timeout=60": the id goes into every later request; keep-alives run within the timeout. */
    private void parseSession(String header) {
        if (header == null || header.isBlank()) {
            throw new EndOfSession(new SessionEnd.Failed("SETUP answer has no Session header"));
        }
        String[] parts = header.split(";");
        sessionId = parts[0].trim();
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            if (p.regionMatches(true, 0, "timeout=", 0, 8)) {
                try {
                    int seconds = Integer.parseInt(p.substring(8).trim());
                    if (seconds > 0 && seconds <= 3600) {
                        sessionTimeout = Duration.ofSeconds(seconds);
                    }
                } catch (NumberFormatException ignored) {
                    // keep the RFC default of 60 s
                }
            }
        }
    }

    void onInterleaved(InterleavedFrame frame, Consumer<AccessUnit> out) {
        if (frame.channel() == rtpChannel) {
            onRtp(frame.payload(), 0, frame.payload().length, out);
        }
    }

    /** An RTP packet of the video track, from the TCP connection or the UDP socket. */
    void onRtp(byte[] data, int offset, int length, Consumer<AccessUnit> out) {
        RtpReceiver r = receiver;
        if (r != null) {
            r.onPacket(data, offset, length, System.nanoTime(), out);
        }
    }

    /** RTP packets of the video track lost so far (sequence gaps). */
    long packetsLost() {
        RtpReceiver r = receiver;
        return r == null ? 0 : r.depacketizer().packetsLost();
    }

    /** GET_PARAMETER where the camera lists it, else OPTIONS: both reset the session timer (RFC 2326 10.8). */
    void keepAlive() {
        send(RtspSession.keepAliveMethod(publicMethods), playUri != null ? playUri : url, Map.of());
    }

    void teardown() {
        if (sessionId != null) {
            Map<String, String> h = new LinkedHashMap<>(Map.of(RtspHeaderNames.SESSION.toString(), sessionId));
            auth.authorization("TEARDOWN", playUri.toString()).ifPresent(a -> h.put("Authorization", a));
            connection.send(RtspMethods.TEARDOWN, playUri.toString(), h);
        }
    }

    /** Sends a request with the session id and credentials; answers one 401 (more only if the nonce is stale). */
    private CompletableFuture<RtspResponse> send(HttpMethod method, URI uri, Map<String, String> headers) {
        return send(method, uri, headers, 0);
    }

    private CompletableFuture<RtspResponse> send(HttpMethod method, URI uri, Map<String, String> headers, int attempt) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        if (sessionId != null) {
            h.put(RtspHeaderNames.SESSION.toString(), sessionId);
        }
        Optional<String> authorization = auth.authorization(method.name(), uri.toString());
        authorization.ifPresent(a -> h.put("Authorization", a));
        return connection.request(method, uri.toString(), h).thenCompose(response -> {
            if (response.code() == 401) {
                if (!hasCredentials) {
                    throw new EndOfSession(new SessionEnd.Unauthorized(
                            "the camera asks for credentials (" + method + " answered 401) and the URL has none"));
                }
                auth.challenge(response.headers().getAll(RtspHeaderNames.WWW_AUTHENTICATE));
                if (!auth.canRetry() || attempt >= 3) {
                    throw new EndOfSession(new SessionEnd.Unauthorized(
                            "the camera refused the credentials (" + method + " answered 401)"));
                }
                return send(method, uri, headers, attempt + 1);
            }
            if (response.code() >= 300 && response.code() < 400) {
                String location = response.headers().get(io.netty.handler.codec.http.HttpHeaderNames.LOCATION);
                if (location != null) {
                    throw new Redirect(uri.resolve(location.trim())); // a relative Location is on the same server
                }
            }
            return CompletableFuture.completedFuture(response);
        });
    }

    private static void expect(RtspResponse response, String what) {
        if (!response.ok()) {
            throw new EndOfSession(new SessionEnd.Failed(what + " answered " + response.status()));
        }
    }

    private static URI firstUri(String a, String b, URI fallback) {
        for (String s : List.of(a == null ? "" : a, b == null ? "" : b)) {
            if (!s.isBlank()) {
                try {
                    return URI.create(s.trim());
                } catch (IllegalArgumentException ignored) {
                    // a malformed header: try the next one
                }
            }
        }
        return fallback;
    }
}
