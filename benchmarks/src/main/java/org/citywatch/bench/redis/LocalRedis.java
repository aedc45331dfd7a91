package org.citywatch.bench.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.citywatch.bench.farm.FarmProcess;

/**
 * The benchmark's own {@code redis-server}: a free loopback port, a temporary directory, the AOF on with the given
 * fsync policy, no RDB snapshots, never the machine's Redis on 6379. The same recipe as analytics' test fixture
 * {@code RedisServerProcess} (which lives in test code, out of this module's reach), trimmed to start and stop.
 */
final class LocalRedis implements AutoCloseable {

    private final Path dir;
    private final int port;
    private final Process process;
    private final Thread hook;

    private LocalRedis(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
        this.hook = new Thread(process::destroyForcibly, "redis-server-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** @param appendfsync {@code always}, {@code everysec} or {@code no} */
    static LocalRedis start(String appendfsync) throws Exception {
        String binary = binary();
        Path dir = Files.createTempDirectory("citywatch-bench-redis-");
        int port = FarmProcess.freePort();
        Files.writeString(dir.resolve("redis.conf"), String.join("\n", "port " + port, "bind 127.0.0.1",
                "protected-mode no", "daemonize no", "dir " + dir, "logfile " + dir.resolve("redis.log"),
                "appendonly yes", "appendfsync " + appendfsync, "save \"\"", ""));
        Process p;
        try {
            p = new ProcessBuilder(binary, dir.resolve("redis.conf").toString()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("stdout.log").toFile()).start();
        } catch (IOException e) {
            throw new IOException("cannot run redis-server (Debian package redis-server): " + e.getMessage(), e);
        }
        LocalRedis r = new LocalRedis(dir, port, p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!r.answers()) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                r.close();
                throw new IOException("redis-server did not start; see its log in " + dir);
            }
            Thread.sleep(10);
        }
        return r;
    }

    private static String binary() {
        return Files.isExecutable(Path.of("/usr/bin/redis-server")) ? "/usr/bin/redis-server" : "redis-server";
    }

    /** What {@code redis-server --version} says, for the report. */
    static String version() {
        try {
            Process p = new ProcessBuilder(binary(), "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            p.waitFor(5, TimeUnit.SECONDS);
            int v = out.indexOf("v=");
            return v < 0 ? out : "Redis " + out.substring(v + 2).split(" ")[0];
        } catch (IOException e) {
            return "Redis (version unknown)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "Redis (version unknown)";
        }
    }

    String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /**
     * Redis's own CPU time per call of a command, from {@code INFO commandstats} (microseconds; NaN if it was never
     * called): how much of a publish is Redis's work.
     */
    double usecPerCall(String command) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            s.setSoTimeout(5000);
            s.getOutputStream().write("INFO commandstats\r\n".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            StringBuilder header = new StringBuilder();
            for (int c = in.read(); c != '\n' && c >= 0; c = in.read()) {
                header.append((char) c);
            }
            int n = Integer.parseInt(header.toString().strip().substring(1));
            String info = new String(in.readNBytes(n), StandardCharsets.UTF_8);
            for (String line : info.split("\r\n")) {
                if (line.startsWith("cmdstat_" + command + ":")) {
                    for (String field : line.substring(line.indexOf(':') + 1).split(",")) {
                        if (field.startsWith("usec_per_call=")) {
                            return Double.parseDouble(field.substring("usec_per_call=".length()));
                        }
                    }
                }
            }
            return Double.NaN;
        }
    }

    private boolean answers() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            s.setSoTimeout(1000);
            OutputStream out = s.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] reply = in.readNBytes(5);
            return new String(reply, StandardCharsets.US_ASCII).equals("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IllegalStateException e) {
            // the JVM is shutting down
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind
        }
    }
}
