package org.citywatch.bench.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A JVM started by the bench on the bench's own classpath, with the launcher's flags. Its standard output
 * goes line by line to a consumer (and everything into a log file); its standard input stays open, and
 * closing it asks the child to exit (it watches for that), so a child never outlives the bench.
 */
public final class ChildJvm {

    private final String name;
    private final Process process;
    private final Thread reader;

    private ChildJvm(String name, Process process, Thread reader) {
        this.name = name;
        this.process = process;
        this.reader = reader;
    }

    /** Starts {@code mainClass} with {@code args}; stdout and stderr lines go to {@code lines} and to {@code log}. */
    public static ChildJvm start(String name, List<String> jvmOptions, Class<?> mainClass, List<String> args, Path log,
                          Consumer<String> lines) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(launcherFlags());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        PrintWriter out;
        try {
            out = new PrintWriter(java.nio.file.Files.newBufferedWriter(log, StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND), true);
        } catch (IOException e) {
            p.destroyForcibly();
            throw e;
        }
        Thread reader = Thread.ofPlatform().daemon().name(name + "-out").start(() -> {
            try (out; BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (!line.startsWith("STATUS ") && !line.startsWith("STATS ")) {
                        out.println(line);
                    }
                    try {
                        lines.accept(line);
                    } catch (RuntimeException e) {
                        out.println("bench: cannot read this line: " + e); // keep draining, or the child blocks
                    }
                }
            } catch (IOException ignored) {
                // the process is gone
            }
        });
        return new ChildJvm(name, p, reader);
    }

    /** The flags ./citywatch gives every JVM: native access for FFmpeg, Unsafe for Netty on JDK 23+. */
    static List<String> launcherFlags() {
        List<String> flags = new ArrayList<>(List.of("--enable-native-access=ALL-UNNAMED"));
        if (Runtime.version().feature() >= 23) {
            flags.add("--sun-misc-unsafe-memory-access=allow");
        }
        String home = System.getProperty("citywatch.home");
        if (home != null) {
            flags.add("-Dcitywatch.home=" + home);
        }
        return flags;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL, as a crash or a power cut would; waits until it is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        reader.join(2000);
    }

    /** Asks it to exit (closes its stdin), then SIGTERM, then SIGKILL; waits at most about 20 s in all. */
    public void stop() throws InterruptedException {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // already closed
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
        reader.join(2000);
    }

    /** For shutdown hooks: no waiting. */
    public void destroyNow() {
        process.destroyForcibly();
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}
