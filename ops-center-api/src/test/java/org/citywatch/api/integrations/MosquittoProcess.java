package org.citywatch.api.integrations;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A Mosquitto broker of our own on a free port of 127.0.0.1 (the machine's broker on 1883 cannot be stopped by a
 * test), for outages: {@link #stop()} (SIGTERM, so that it saves its persistent sessions) and {@link #start()} again
 * on the same port. Persistence is on, so a subscriber with a persistent session (clean session off) gets what was
 * published while it was away, even across a restart. The binary is {@code /usr/sbin/mosquitto} (Debian package
 * {@code mosquitto}; {@code .ci/install} installs it).
 */
final class MosquittoProcess implements AutoCloseable {

    static final Path BINARY = Path.of(System.getProperty("citywatch.mosquitto", "/usr/sbin/mosquitto"));

    private final Path dir;
    private final int port;
    private final Thread hook = new Thread(this::stopQuietly, "mosquitto-cleanup");
    private Process process;

    private MosquittoProcess(Path dir, int port) {
        this.dir = dir;
        this.port = port;
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** A configured broker on a free port, not started yet. */
    static MosquittoProcess create() throws IOException {
        if (!Files.isExecutable(BINARY)) {
            throw new IOException(BINARY + " not found: install the Debian package mosquitto (.ci/install does)");
        }
        Path dir = Files.createTempDirectory("citywatch-mosquitto-");
        int port;
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            port = s.getLocalPort();
        }
        Files.writeString(dir.resolve("mosquitto.conf"), String.join("\n",
                "listener " + port + " 127.0.0.1",
                "allow_anonymous true",
                "persistence true",
                "persistence_location " + dir + "/",
                "log_dest file " + dir.resolve("mosquitto.log"),
                // Run as root (CI is), Mosquitto would switch to the user 'mosquitto', who cannot write here.
                "user " + System.getProperty("user.name"),
                ""));
        return new MosquittoProcess(dir, port);
    }

    int port() {
        return port;
    }

    /** Starts it; returns when it accepts connections. */
    MosquittoProcess start() throws IOException, InterruptedException {
        process = new ProcessBuilder(BINARY.toString(), "-c", dir.resolve("mosquitto.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("mosquitto exited: " + log());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return this;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        throw new IOException("mosquitto did not listen on " + port + " within 10 s: " + log());
    }

    /** SIGTERM (it saves its sessions), and waits until it is gone. */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    private String log() {
        try {
            Path f = dir.resolve("mosquitto.log");
            return Files.exists(f) ? Files.readString(f) : Files.readString(dir.resolve("stdout.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private void stopQuietly() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    @Override
    public void close() throws InterruptedException, IOException {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
