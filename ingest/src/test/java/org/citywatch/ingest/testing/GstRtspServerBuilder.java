package org.citywatch.ingest.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.citywatch.ingest.testing.GstRtspServer.Aggregation;
import org.citywatch.ingest.testing.GstRtspServer.Codec;
import org.citywatch.ingest.testing.GstRtspServer.Protocols;

/** How to build a {@link GstRtspServer}; every setting has a default (H.264 test pattern on /cam, TCP and UDP). */
public final class GstRtspServerBuilder {
    Codec codec = Codec.H264;
    Optional<Path> file = Optional.empty();
    String path = "/cam";
    Optional<String> user = Optional.empty();
    Optional<String> password = Optional.empty();
    Protocols protocols = Protocols.TCP_UDP;
    boolean shared;
    int mtu = 1400;
    Aggregation aggregation = Aggregation.NONE;
    int port;
    Duration startTimeout = Duration.ofSeconds(20);

    GstRtspServerBuilder() {
    }

    /** H.264 (x264) or H.265 (x265) for the test pattern; for a file, the codec of its video. */
    public GstRtspServerBuilder codec(Codec codec) {
        this.codec = Objects.requireNonNull(codec);
        return this;
    }

    /** A moving ball, 640x360 at 10 fps, live, a key frame every 10 frames (the default). */
    public GstRtspServerBuilder testSource() {
        this.file = Optional.empty();
        return this;
    }

    /**
     * An MP4 file whose video is of {@link #codec}: demuxed and re-payloaded, not re-encoded, at its
     * native rate; played once (the stream ends at the end of the file), each client from the start
     * unless {@link #shared}.
     */
    public GstRtspServerBuilder fileSource(Path mp4) {
        this.file = Optional.of(mp4.toAbsolutePath());
        return this;
    }

    /** The mount point, starting with "/" (default "/cam"). */
    public GstRtspServerBuilder path(String path) {
        if (!path.startsWith("/") || path.chars().anyMatch(c -> c <= ' ' || c == '?' || c == '#' || c == '%')) {
            throw new IllegalArgumentException("path must start with / and need no escaping: " + path);
        }
        this.path = path;
        return this;
    }

    /** Require RTSP Digest authentication (MD5, no qop) with these credentials; Basic is refused. */
    public GstRtspServerBuilder credentials(String user, String password) {
        this.user = Optional.of(Objects.requireNonNull(user));
        this.password = Optional.of(Objects.requireNonNull(password));
        return this;
    }

    public GstRtspServerBuilder protocols(Protocols protocols) {
        this.protocols = Objects.requireNonNull(protocols);
        return this;
    }

    /** One media pipeline for all clients (a camera's single encoder) instead of one per client. */
    public GstRtspServerBuilder shared(boolean shared) {
        this.shared = shared;
        return this;
    }

    /**
     * The largest RTP packet (default 1400, GStreamer's); a NAL unit that does not fit goes in fragments
     * (FU-A for H.264, FU for H.265). A small one (300, say) fragments every key frame.
     */
    public GstRtspServerBuilder mtu(int mtu) {
        if (mtu < 100 || mtu > 65000) {
            throw new IllegalArgumentException("mtu " + mtu);
        }
        this.mtu = mtu;
        return this;
    }

    /** Whether small NAL units are aggregated (STAP-A / AP); {@link Aggregation#NONE} by default. */
    public GstRtspServerBuilder aggregation(Aggregation aggregation) {
        this.aggregation = Objects.requireNonNull(aggregation);
        return this;
    }

    /** A fixed RTSP port; 0 (the default) lets the server pick a free one. */
    public GstRtspServerBuilder port(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port);
        }
        this.port = port;
        return this;
    }

    public GstRtspServerBuilder startTimeout(Duration timeout) {
        this.startTimeout = Objects.requireNonNull(timeout);
        return this;
    }

    public GstRtspServer build() {
        return new GstRtspServer(this);
    }
}
