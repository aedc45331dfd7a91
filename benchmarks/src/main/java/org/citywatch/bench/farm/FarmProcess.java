package org.citywatch.bench.farm;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.citywatch.bench.ingest.ChildJvm;

/** Starts the camera farm ({@link FarmMain}) in a JVM of its own and waits until it listens. */
public final class FarmProcess {

    private FarmProcess() {
    }

    /**
     * Starts the farm with {@code args} (see {@link FarmMain}), logging to {@code log}; returns once it printed
     * {@code READY}. Every other line of its output goes to {@code lines} (its STATS lines, for instance).
     */
    public static ChildJvm start(List<String> args, Path log, Consumer<String> lines) throws Exception {
        CompletableFuture<Integer> ready = new CompletableFuture<>();
        ChildJvm farm = ChildJvm.start("farm", List.of(), FarmMain.class, args, log, line -> {
            if (line.startsWith("READY ")) {
                ready.complete(Integer.parseInt(line.substring(6).trim()));
            } else {
                lines.accept(line);
            }
        });
        try {
            ready.get(60, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            farm.destroyNow();
            throw new IllegalStateException("the farm did not start within 60 s; see " + log);
        }
        return farm;
    }

    /** A loopback port free at the moment of asking, for the farm to listen on. */
    public static int freePort() throws Exception {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
