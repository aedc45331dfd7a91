package org.citywatch.analytics.alert.redis;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code redis-server} of our own, for tests and benchmarks: a free port on 127.0.0.1, a temporary
 * directory, the AOF on ({@code appendonly yes}, {@code appendfsync always} by default, so that a killed and
 * restarted server still holds every write it acknowledged), no RDB snapshots ({@code save ""}). Never the
 * machine's own Redis on 6379.
 *
 * <pre>{@code
 * try (RedisServerProcess redis = RedisServerProcess.start()) {
 *     String uri = redis.uri();          // redis://127.0.0.1:PORT
 *     redis.kill();                      // SIGKILL: "Redis went away"
 *     redis.restart();                   // same port, same data; returns when it answers PING
 * }
 * }</pre>
 *
 * The binary is the system property {@code citywatch.redis.server}, else {@code /usr/bin/redis-server}, else
 * {@code redis-server} on the PATH (Debian package {@code redis-server}; {@code .ci/install} installs it). The
 * server dies with the JVM (a shutdown hook); its log is {@code redis.log} in its directory, quoted when it fails
 * to start. It talks RESP over a plain socket ({@link #command}), so it needs no client library.
 */
public final class RedisServerProcess implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(15);

    private final Path dir;
    private final String binary;
    private final int port;
    private Process process;
    private final Thread hook;

    private RedisServerProcess(Path dir, String binary, int port) {
        this.dir = dir;
        this.binary = binary;
        this.port = port;
        this.hook = new Thread(this::killQuietly, "redis-server-" + port + "-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** A server with {@code appendfsync always}. */
    public static RedisServerProcess start() throws IOException {
        return start("always");
    }

    /** @param appendfsync {@code always}, {@code everysec} or {@code no} */
    public static RedisServerProcess start(String appendfsync) throws IOException {
        String binary = binary().orElseThrow(() -> new IOException("redis-server not found: " + whyUnavailable()));
        Path dir = Files.createTempDirectory("citywatch-redis-");
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) { // a free port can be taken between probe and bind
            int port = freePort();
            Files.writeString(dir.resolve("redis.conf"), String.join("\n",
                    "port " + port,
                    "bind 127.0.0.1",
                    "protected-mode no",
                    "daemonize no",
                    "dir " + dir,
                    "logfile " + dir.resolve("redis.log"),
                    "appendonly yes",
                    "appendfsync " + appendfsync,
                    "save \"\"",
                    "enable-debug-command local",
                    ""));
            RedisServerProcess r = new RedisServerProcess(dir, binary, port);
            try {
                r.launch();
                return r;
            } catch (IOException e) {
                last = e;
                r.close();
                dir = Files.createTempDirectory("citywatch-redis-");
            }
        }
        throw last;
    }

    /** Whether tests can start a server: empty when they can, else why not. */
    public static Optional<String> unavailable() {
        return binary().isPresent() ? Optional.empty() : Optional.of(whyUnavailable());
    }

    private static String whyUnavailable() {
        return "no redis-server (tried -Dcitywatch.redis.server, /usr/bin/redis-server and the PATH); install the "
                + "Debian package redis-server (.ci/install does)";
    }

    private static Optional<String> binary() {
        String prop = System.getProperty("citywatch.redis.server");
        if (prop != null && Files.isExecutable(Path.of(prop))) {
            return Optional.of(prop);
        }
        if (Files.isExecutable(Path.of("/usr/bin/redis-server"))) {
            return Optional.of("/usr/bin/redis-server");
        }
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .filter(p -> !p.isEmpty()).map(p -> Path.of(p, "redis-server")).filter(Files::isExecutable)
                .map(Path::toString).findFirst();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    public Path dir() {
        return dir;
    }

    public synchronized boolean running() {
        return process != null && process.isAlive();
    }

    private synchronized void launch() throws IOException {
        process = new ProcessBuilder(binary, dir.resolve("redis.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IOException("redis-server on port " + port + " exited with " + process.exitValue() + ": "
                        + logTail());
            }
            try {
                if ("PONG".equals(command("PING"))) {
                    return;
                }
            } catch (IOException | RuntimeException e) {
                // not listening yet, or LOADING its AOF
            }
            if (System.nanoTime() > deadline) {
                killQuietly();
                throw new IOException("redis-server on port " + port + " did not answer PING within "
                        + READY_TIMEOUT.toSeconds() + " s: " + logTail());
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }

    /** Stops it as an operator would: SHUTDOWN NOSAVE (the AOF is flushed, clients are disconnected). */
    public synchronized void stop() {
        if (!running()) {
            return;
        }
        try {
            command("SHUTDOWN", "NOSAVE");
        } catch (IOException | RuntimeException e) {
            // the connection drops as the server exits: expected
        }
        await(Duration.ofSeconds(10));
    }

    /** Kills it at once (SIGKILL): with {@code appendfsync always} nothing it acknowledged is lost. */
    public synchronized void kill() {
        if (running()) {
            process.destroyForcibly();
            await(Duration.ofSeconds(10));
        }
    }

    /** Starts it again on the same port with the same data; returns when it answers PING. */
    public synchronized void restart() throws IOException {
        kill();
        launch();
    }

    private void await(Duration d) {
        try {
            if (!process.waitFor(d.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void killQuietly() {
        Process p = process;
        if (p != null && p.isAlive()) {
            p.destroyForcibly();
        }
    }

    /**
     * One command over a new connection; the reply as Java values: a status or bulk string as String, an integer
     * as Long, an array as List, nil as null.
     *
     * @throws IllegalStateException when Redis replies with an error
     */
    public Object command(String... args) throws IOException {
        return command(Duration.ofSeconds(10), args);
    }

    /** {@link #command(String...)}, waiting at most {@code timeout} for the reply. */
    public Object command(Duration timeout, String... args) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            s.setSoTimeout((int) timeout.toMillis());
            OutputStream out = s.getOutputStream();
            StringBuilder b = new StringBuilder("*").append(args.length).append("\r\n");
            for (String a : args) {
                b.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
            }
            out.write(b.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            return reply(new BufferedInputStream(s.getInputStream()));
        }
    }

    /** Whether it answers PING within {@code timeout} (false while it is stopped, or busy: DEBUG SLEEP). */
    public boolean answersWithin(Duration timeout) {
        try {
            return "PONG".equals(command(timeout, "PING"));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static Object reply(InputStream in) throws IOException {
        String line = line(in);
        char type = line.charAt(0);
        String rest = line.substring(1);
        return switch (type) {
            case '+' -> rest;
            case '-' -> throw new IllegalStateException(rest);
            case ':' -> Long.parseLong(rest);
            case '$' -> {
                int n = Integer.parseInt(rest);
                if (n < 0) {
                    yield null;
                }
                byte[] bytes = in.readNBytes(n + 2);
                yield new String(bytes, 0, n, StandardCharsets.UTF_8);
            }
            case '*' -> {
                int n = Integer.parseInt(rest);
                if (n < 0) {
                    yield null;
                }
                List<Object> items = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    items.add(reply(in));
                }
                yield items;
            }
            default -> throw new IOException("unexpected reply: " + line);
        };
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) != '\r') {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            b.append((char) c);
        }
        in.read(); // '\n'
        return b.toString();
    }

    private String logTail() {
        try {
            List<String> lines = new ArrayList<>();
            for (String f : new String[] {"redis.log", "stdout.log"}) {
                Path p = dir.resolve(f);
                if (Files.exists(p)) {
                    List<String> all = Files.readAllLines(p);
                    lines.addAll(all.subList(Math.max(0, all.size() - 10), all.size()));
                }
            }
            return String.join(" | ", lines);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Kills the server and deletes its directory. */
    @Override
    public synchronized void close() {
        kill();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
