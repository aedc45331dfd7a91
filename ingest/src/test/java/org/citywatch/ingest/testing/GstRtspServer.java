package org.citywatch.ingest.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * GStreamer's RTSP server (gst-rtsp-server, an independent and real RTSP implementation) on 127.0.0.1,
 * in a child process, for interop tests of our RTSP client.
 *
 * <pre>{@code
 * GstRtspServer.assumeAvailableOrFailInCi();
 * try (GstRtspServer server = GstRtspServer.builder().codec(Codec.H265).protocols(Protocols.UDP)
 *         .credentials("admin", "s3cret").build().start()) {
 *     URI url = server.urlWithCredentials();   // rtsp://admin:s3cret@127.0.0.1:PORT/cam
 *     ...
 *     server.restart();                        // same port: "the camera rebooted mid-stream"
 * }
 * }</pre>
 *
 * The process runs {@code src/test/resources/gst/rtsp-server.py} (Python 3 with GObject introspection), which
 * prints {@code READY rtsp://127.0.0.1:PORT/path} when it accepts connections. It dies with the JVM: a
 * shutdown hook ends it, and it also stops by itself when its stdin (a pipe from this JVM) closes, so even
 * a JVM killed with SIGKILL leaves no server behind.
 *
 * <p>The Python interpreter is, in order: the system property {@code citywatch.gst.python}, the environment
 * variable {@code CITYWATCH_GST_PYTHON}, else {@code /usr/bin/python3} and then {@code python3} on the PATH,
 * whichever has the GStreamer bindings. The system one comes first because a {@code python3} from pyenv or a
 * virtualenv does not see Debian's {@code python3-gi}.
 */
public final class GstRtspServer implements AutoCloseable {

    /** The video codec the server streams. */
    public enum Codec { H264, H265 }

    /** The lower transports the server offers (RTP over the RTSP TCP connection, or over UDP). */
    public enum Protocols {
        TCP("tcp"), UDP("udp"), TCP_UDP("tcp+udp");

        private final String arg;

        Protocols(String arg) {
            this.arg = arg;
        }
    }

    /**
     * How the payloader packs small NAL units: {@code NONE}, one per RTP packet (single NAL unit packets);
     * {@code ZERO_LATENCY}, the NAL units before a frame's slice (parameter sets, SEI, AUD) together in one
     * STAP-A (H.264) or AP (H.265) packet, as many cameras do.
     */
    public enum Aggregation { NONE, ZERO_LATENCY }

    static final String SCRIPT_RESOURCE = "/gst/rtsp-server.py";
    private static final int STDERR_TAIL_BYTES = 64 * 1024;
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    /** How long {@link #restart()} retries when the old port is briefly not bindable. */
    private static final Duration RESTART_BIND_RETRY = Duration.ofSeconds(5);

    /** Every server process this JVM started and has not yet seen end. */
    static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(GstProcesses::destroyAll, "gst-rtsp-server-reaper"));
    }

    private final Codec codec;
    private final Optional<Path> file;
    private final String path;
    private final Optional<String> user;
    private final Optional<String> password;
    private final Protocols protocols;
    private final boolean shared;
    private final int mtu;
    private final Aggregation aggregation;
    private final int requestedPort;
    private final Duration startTimeout;

    private Process process;
    private OutputStream stdin;
    private TailBuffer log = new TailBuffer(STDERR_TAIL_BYTES);
    private int port;
    private URI url;

    GstRtspServer(GstRtspServerBuilder b) {
        this.codec = b.codec;
        this.file = b.file;
        this.path = b.path;
        this.user = b.user;
        this.password = b.password;
        this.protocols = b.protocols;
        this.shared = b.shared;
        this.mtu = b.mtu;
        this.aggregation = b.aggregation;
        this.requestedPort = b.port;
        this.startTimeout = b.startTimeout;
    }

    public static GstRtspServerBuilder builder() {
        return new GstRtspServerBuilder();
    }

    // ---------------------------------------------------------------------------------------------------
    // Availability

    /** True when a Python 3 with the GStreamer bindings, the RTSP server library and every element is here. */
    public static boolean available() {
        return GstProbe.RESULT.python != null;
    }

    /** Why the server cannot run here (what is missing, with the Debian packages), or "" when it can. */
    public static String whyUnavailable() {
        return GstProbe.RESULT.python != null ? "" : GstProbe.RESULT.reason;
    }

    /**
     * Skips the calling test (JUnit assumption) when GStreamer is missing, with the reason; but in CI
     * ({@code CI} set in the environment) fails it instead, so that a CI machine that lost its packages
     * cannot turn interop tests into silent skips.
     */
    public static void assumeAvailableOrFailInCi() {
        if (available()) {
            return;
        }
        String why = "GStreamer RTSP server unavailable: " + whyUnavailable();
        if (System.getenv("CI") != null) {
            Assertions.fail(why + " (CI is set, so this fails instead of skipping; .ci/run installs the packages)");
        }
        Assumptions.abort(why);
    }

    // ---------------------------------------------------------------------------------------------------
    // Life cycle

    /**
     * Starts the server and waits (20 s by default) until it accepts connections.
     *
     * @return this server, for try-with-resources on {@code builder()...build().start()}
     * @throws IllegalStateException when GStreamer is unavailable, or the process exits or stays silent;
     *                               the message carries the process's stderr
     */
    public synchronized GstRtspServer start() {
        if (isRunning()) {
            throw new IllegalStateException("already running: " + url);
        }
        launch(port != 0 ? port : requestedPort);
        return this;
    }

    /**
     * Stops the server (SIGTERM, then SIGKILL after 5 s) and starts it again on the same port, as a camera
     * that reboots. Clients connected to the old process see their connection close; RTP over UDP simply
     * stops. Binding the same port again works while old connections are in TIME_WAIT (the server sets
     * SO_REUSEADDR); should the port be briefly taken, it retries for 5 s.
     */
    public synchronized GstRtspServer restart() {
        if (port == 0) {
            return start();
        }
        stop();
        long deadline = System.nanoTime() + RESTART_BIND_RETRY.toNanos();
        while (true) {
            try {
                launch(port);
                return this;
            } catch (IllegalStateException e) {
                if (!String.valueOf(e.getMessage()).contains("cannot listen") || System.nanoTime() > deadline) {
                    throw e;
                }
                GstProcesses.sleep(200);
            }
        }
    }

    /** Stops the server: SIGTERM, wait up to 5 s, then SIGKILL. The port is kept for {@link #restart()}. */
    public synchronized void stop() {
        Process p = process;
        if (p == null) {
            return;
        }
        process = null;
        GstProcesses.terminate(p, STOP_GRACE);
        GstProcesses.closeQuietly(stdin);
        stdin = null;
    }

    @Override
    public void close() {
        stop();
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The stream address, without credentials: {@code rtsp://127.0.0.1:PORT/path}. */
    public synchronized URI url() {
        requireStarted();
        return url;
    }

    /** The stream address with the user and password (percent-encoded): {@code rtsp://user:pass@127.0.0.1:PORT/path}. */
    public synchronized URI urlWithCredentials() {
        requireStarted();
        if (user.isEmpty()) {
            throw new IllegalStateException("this server has no credentials; use url()");
        }
        return URI.create(url.getScheme() + "://" + GstProcesses.encodeUserInfo(user.get()) + ":"
                + GstProcesses.encodeUserInfo(password.get())
                + "@" + url.getRawAuthority() + url.getRawPath());
    }

    /** The RTSP port (127.0.0.1), also after {@link #stop()}. */
    public synchronized int port() {
        requireStarted();
        return port;
    }

    /** The server process's id, e.g. to freeze it with {@code kill -STOP} to mimic a stalled camera. */
    public synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException("not running");
        }
        return process.pid();
    }

    /** The last 64 KiB the server wrote on stderr (GStreamer warnings, Python tracebacks). */
    public synchronized String stderrTail() {
        return log.toString();
    }

    /** The command line this server runs (with its interpreter and script), for reports. */
    public List<String> commandLine(int port) {
        List<String> cmd = new ArrayList<>();
        cmd.add(GstProbe.RESULT.python == null ? "python3" : GstProbe.RESULT.python);
        cmd.add(GstScript.PATH.toString());
        cmd.addAll(arguments(port));
        return cmd;
    }

    @Override
    public synchronized String toString() {
        return "GstRtspServer[" + codec + ", " + file.map(Path::toString).orElse("testsrc") + ", " + protocols
                + (shared ? ", shared" : "") + (user.isPresent() ? ", digest" : "") + ", mtu " + mtu
                + (aggregation == Aggregation.NONE ? "" : ", aggregated")
                + (url != null ? ", " + url : "") + (isRunning() ? "" : ", stopped") + "]";
    }

    private void launch(int onPort) {
        if (!available()) {
            throw new IllegalStateException("GStreamer RTSP server unavailable: " + whyUnavailable());
        }
        List<String> cmd = commandLine(onPort);
        cmd.add("--exit-on-stdin-eof");
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("PYTHONUNBUFFERED", "1");
        pb.environment().put("GST_DEBUG_NO_COLOR", "1");
        TailBuffer err = new TailBuffer(STDERR_TAIL_BYTES);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + cmd, e);
        }
        LIVE.add(p);
        p.onExit().thenRun(() -> LIVE.remove(p));
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread errDrain = Thread.ofPlatform().daemon().name("gst-rtsp-server-stderr-" + p.pid())
                .start(() -> err.drain(p.getErrorStream()));
        Thread.ofPlatform().daemon().name("gst-rtsp-server-stdout-" + p.pid())
                .start(() -> readStdout(p.getInputStream(), ready, err));
        p.onExit().thenRun(() -> ready.completeExceptionally(new IllegalStateException("exited")));

        String readyUrl;
        try {
            readyUrl = ready.get(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            GstProcesses.terminate(p, Duration.ofSeconds(2));
            GstProcesses.join(errDrain);
            throw new IllegalStateException("the GStreamer RTSP server printed no READY line within "
                    + startTimeout.toSeconds() + " s (" + String.join(" ", cmd) + "); stderr:\n" + err);
        } catch (ExecutionException e) {
            int code = GstProcesses.waitForExit(p);
            GstProcesses.join(errDrain);
            throw new IllegalStateException("the GStreamer RTSP server exited with code " + code
                    + " before it was ready (" + String.join(" ", cmd) + "); stderr:\n" + err);
        } catch (InterruptedException e) {
            GstProcesses.terminate(p, Duration.ofSeconds(2));
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the GStreamer RTSP server", e);
        }
        URI readyUri = URI.create(readyUrl);
        process = p;
        stdin = p.getOutputStream(); // kept open: the server exits when it closes
        log = err;
        port = readyUri.getPort();
        url = readyUri;
    }

    private static void readStdout(InputStream in, CompletableFuture<String> ready, TailBuffer log) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!ready.isDone() && line.startsWith("READY ")) {
                    ready.complete(line.substring("READY ".length()).strip());
                } else {
                    log.append("[stdout] " + line + "\n");
                }
            }
        } catch (IOException ignored) {
            // The process is gone.
        }
        ready.completeExceptionally(new IllegalStateException("stdout closed"));
    }

    List<String> arguments(int onPort) {
        List<String> args = new ArrayList<>(List.of(
                "--port", Integer.toString(onPort),
                "--path", path,
                "--codec", codec.name().toLowerCase(java.util.Locale.ROOT),
                "--source", file.map(f -> f.toAbsolutePath().toString()).orElse("testsrc"),
                "--protocols", protocols.arg,
                "--mtu", Integer.toString(mtu),
                "--aggregate", aggregation == Aggregation.NONE ? "none" : "zero-latency"));
        if (user.isPresent()) {
            args.addAll(List.of("--user", user.get(), "--password", password.get()));
        }
        if (shared) {
            args.add("--shared");
        }
        return args;
    }

    private void requireStarted() {
        if (url == null) {
            throw new IllegalStateException("not started yet");
        }
    }
}
