package org.citywatch.bench.fanout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.citywatch.bench.BenchMain;
import org.citywatch.bench.ingest.ChildJvm;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./citywatch bench fanout}: N WebSocket clients of {@code /ws/alerts} receiving R alert events a second. The
 * server (the push routes as the API serves them, fed by an in-memory alert store: {@link FanoutServerMain}) runs in a
 * JVM of its own and the clients in this one, so that each side's CPU is measured apart (from /proc, per thread) and
 * neither's garbage collector pauses the other; both share the machine's cores, as they must here. Events are
 * published for a warm-up, then measured for S seconds: delivered and dropped (expected minus delivered) deliveries,
 * latency from when each event was due to be published to its arrival at a client (p50, p99, max), clients
 * disconnected, and the CPU of the server, the clients and the rest of the machine.
 */
@Command(name = "fanout", mixinStandardHelpOptions = true,
        description = "Live push load: N WebSocket clients, R alert events per second for S seconds; delivered, "
                + "dropped, latency p50/p99/max, CPU of the server and the clients.")
public final class FanoutBench implements Callable<Integer> {

    @Option(names = "--clients", defaultValue = "100", description = "WebSocket clients (default ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--events-per-second", defaultValue = "1000",
            description = "alert events published per second (default ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--seconds", defaultValue = "60", description = "measured seconds (default ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--warmup", defaultValue = "20",
            description = "seconds of warm-up, climbing to the rate in ten steps, not counted "
                    + "(default ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--client-threads", defaultValue = "1",
            description = "event-loop threads for all the clients (default ${DEFAULT-VALUE})")
    int clientThreads;

    @Option(names = "--queue-kib", defaultValue = "512",
            description = "the server's send queue per client before it drops it (default ${DEFAULT-VALUE})")
    int queueKib;

    @Option(names = "--coalesce-ms", defaultValue = "5",
            description = "the server's fan-out coalescing interval, push.coalesce (default ${DEFAULT-VALUE}; 0: none)")
    int coalesceMs;

    @Option(names = "--server-jvm-options", defaultValue = "-Xmx1g",
            description = "JVM options of the server (default ${DEFAULT-VALUE}, as ./citywatch)")
    String serverJvmOptions;

    /** The goal: p99 under 100 ms and nothing dropped. */
    static final double GOAL_P99_MS = 100;

    @Override
    public Integer call() throws Exception {
        if (clients < 1 || rate <= 0 || seconds < 1 || warmup < 0 || clientThreads < 1) {
            throw new IllegalArgumentException("--clients, --events-per-second, --seconds and --client-threads must "
                    + "be positive");
        }
        System.out.printf(Locale.ROOT, "Live push: %d WebSocket clients, %,.0f alert events/s (%,.0f deliveries/s), "
                + "%d s measured after %d s of warm-up, fan-out coalesced over %d ms; load average %.2f%n", clients,
                rate, rate * clients, seconds, warmup, coalesceMs, ThreadCpu.load());
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        AtomicReference<String> stats = new AtomicReference<>("");
        Path log = Files.createTempFile("citywatch-fanout-server-", ".log");
        List<String> jvm = serverJvmOptions.isBlank() ? List.of() : List.of(serverJvmOptions.trim().split("\\s+"));
        ChildJvm server = ChildJvm.start("fanout-server", jvm, FanoutServerMain.class,
                List.of("--clients", Integer.toString(clients), "--rate", Double.toString(rate), "--warmup",
                        Integer.toString(warmup), "--seconds", Integer.toString(seconds), "--queue-kib",
                        Integer.toString(queueKib), "--coalesce-ms", Integer.toString(coalesceMs)), log, line -> {
                    if (line.startsWith("STATS ")) {
                        stats.set(line);
                    } else {
                        lines.add(line);
                    }
                });
        Thread cleanup = new Thread(server::destroyNow);
        Runtime.getRuntime().addShutdownHook(cleanup);
        // Everything is printed once the server is stopped and the clients closed, so that nothing they log on the
        // way out comes after the JSON line.
        List<String> report = new java.util.ArrayList<>();
        FanoutClients fleet = new FanoutClients(clients, clientThreads);
        Thread progress = null;
        int exit;
        try {
            String[] ready = await(lines, "READY", 60).split(" ");
            long clockSkewMs = (System.nanoTime() - Long.parseLong(ready[2])) / 1_000_000;
            int port = Integer.parseInt(ready[1]);
            fleet.connect(clients, port, "/ws/alerts");
            System.out.printf(Locale.ROOT, "Server pid %d on port %d (log %s); %d clients connected%n", server.pid(),
                    port, log, fleet.connected.get());

            await(lines, "START W", 120);
            progress = Thread.ofPlatform().daemon().name("fanout-progress")
                    .start(() -> progress(server.pid(), fleet, stats));
            await(lines, "START M", warmup + 120L);
            ThreadCpu server0 = ThreadCpu.read(server.pid());
            ThreadCpu clients0 = ThreadCpu.read(ProcessHandle.current().pid());
            long[] machine0 = ThreadCpu.machine();
            double load0 = ThreadCpu.load();
            String[] done = await(lines, "DONE M", seconds + 300L).split(" ");
            ThreadCpu server1 = ThreadCpu.read(server.pid());
            ThreadCpu clients1 = ThreadCpu.read(ProcessHandle.current().pid());
            long[] machine1 = ThreadCpu.machine();
            double load1 = ThreadCpu.load();
            long published = Long.parseLong(done[2]);
            double publisherLateMaxMs = Double.parseDouble(done[4]);

            // What is still in flight arrives now, or never: wait until every delivery is in or nothing moves for 3 s.
            long expected = published * clients;
            long last = -1;
            long quietSince = System.nanoTime();
            long settleDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (fleet.measuredDelivered.sum() < expected && System.nanoTime() < settleDeadline) {
                long now = fleet.measuredDelivered.sum();
                if (now != last) {
                    last = now;
                    quietSince = System.nanoTime();
                } else if (System.nanoTime() - quietSince > TimeUnit.SECONDS.toNanos(3)) {
                    break;
                }
                Thread.sleep(50);
            }
            long delivered = fleet.measuredDelivered.sum();
            LatencyHistogram latency = fleet.latencies();
            Thread.sleep(600); // a STATS line of the server from after the settling
            String serverStats = stats.get();

            double serverCores = server1.coresSince(server0);
            double clientCores = clients1.coresSince(clients0);
            double machineSeconds = (machine1[1] - machine0[1]) / 100.0 / Runtime.getRuntime().availableProcessors();
            double machineCores = machineSeconds <= 0 ? Double.NaN
                    : (machine1[0] - machine0[0]) / 100.0 / machineSeconds;
            double otherCores = Math.max(0, machineCores - serverCores - clientCores);
            long dropped = expected - delivered;
            boolean goal = latency.quantileMs(0.99) < GOAL_P99_MS && dropped == 0 && fleet.closed.get() == 0;

            report.add("");
            report.add(String.format(Locale.ROOT, "Measured %d s: %,d events published, %,d deliveries expected, %,d "
                    + "delivered, %,d dropped; %d client(s) disconnected %s", seconds, published, expected, delivered,
                    dropped, fleet.closed.get(), fleet.closeReasons.isEmpty() ? "" : fleet.closeReasons));
            report.add(String.format(Locale.ROOT, "Delivery latency (due to publish -> arrival at a client): p50 %.2f "
                    + "ms, p99 %.2f ms, max %.2f ms; the publisher was late by at most %.2f ms",
                    latency.quantileMs(0.5), latency.quantileMs(0.99), latency.maxMs(), publisherLateMaxMs));
            report.add(String.format(Locale.ROOT, "CPU (cores, measured window): server %.2f, clients %.2f, other "
                    + "processes %.2f, machine %.2f of %d; load average %.2f -> %.2f", serverCores, clientCores,
                    otherCores, machineCores, Runtime.getRuntime().availableProcessors(), load0, load1));
            report.add("  server by thread group: " + top(server1.byGroup(server0), 6));
            report.add("  server busiest threads: " + top(server1.busiestThreads(server0, 3), 3));
            report.add("  clients by thread group: " + top(clients1.byGroup(clients0), 4));
            report.add("  server's own figures: " + serverStats.substring(Math.min(6, serverStats.length())));
            report.add("Goal (p99 < 100 ms, nothing dropped, nobody disconnected): "
                    + (goal ? "met" : "NOT met"));

            Map<String, Object> json = new LinkedHashMap<>();
            json.put("benchmark", "fanout");
            json.put("clients", clients);
            json.put("events_per_second", rate);
            json.put("seconds", seconds);
            json.put("coalesce_ms", coalesceMs);
            json.put("published", published);
            json.put("expected", expected);
            json.put("delivered", delivered);
            json.put("dropped", dropped);
            json.put("disconnected", fleet.closed.get());
            json.put("p50_ms", BenchMain.round(latency.quantileMs(0.5)));
            json.put("p99_ms", BenchMain.round(latency.quantileMs(0.99)));
            json.put("max_ms", BenchMain.round(latency.maxMs()));
            json.put("publisher_late_max_ms", BenchMain.round(publisherLateMaxMs));
            json.put("server_cores", BenchMain.round(serverCores));
            json.put("server_busiest_thread_cores",
                    BenchMain.round(server1.busiestThreads(server0, 1).getFirst().cores()));
            json.put("client_cores", BenchMain.round(clientCores));
            json.put("other_cores", BenchMain.round(otherCores));
            json.put("load_before", load0);
            json.put("load_after", load1);
            json.put("clock_check_ms", clockSkewMs);
            json.put("goal_met", goal ? "yes" : "no");
            report.add(BenchMain.toJson(json));
            exit = goal ? 0 : 1;
        } finally {
            if (progress != null) {
                progress.interrupt();
                progress.join(2000);
            }
            server.stop(); // the server closes the connections first: the clients see them closed, not cut
            fleet.close();
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
        report.forEach(System.out::println);
        return exit;
    }

    /**
     * Every 5 s, one line: deliveries per second, clients left, the server's and the clients' CPU and their busiest
     * thread; so that a run that fails says when and which side ran out.
     */
    private static void progress(long serverPid, FanoutClients fleet, AtomicReference<String> stats) {
        ThreadCpu s0 = ThreadCpu.read(serverPid);
        ThreadCpu c0 = ThreadCpu.read(ProcessHandle.current().pid());
        long d0 = fleet.warmDelivered.sum() + fleet.measuredDelivered.sum();
        long t0 = System.nanoTime();
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(5000);
            } catch (InterruptedException e) {
                return;
            }
            ThreadCpu s1 = ThreadCpu.read(serverPid);
            ThreadCpu c1 = ThreadCpu.read(ProcessHandle.current().pid());
            long d1 = fleet.warmDelivered.sum() + fleet.measuredDelivered.sum();
            long t1 = System.nanoTime();
            if (s1.threads().isEmpty()) {
                return; // the server is gone
            }
            String st = stats.get();
            String events = st.replaceAll(".*events=([0-9]+).*", "$1");
            String serverGc = st.replaceAll(".*gc_ms=([0-9]+).*", "$1");
            System.out.printf(Locale.ROOT, "  %,9.0f deliveries/s, %3d clients, server events %s; cores: server %.2f "
                            + "(busiest %s), clients %.2f (busiest %s); GC ms so far: server %s, clients %d; "
                            + "load %.2f%n",
                    (d1 - d0) / ((t1 - t0) / 1e9), fleet.connected.get() - fleet.closed.get(), events,
                    s1.coresSince(s0), top(s1.busiestThreads(s0, 1), 1), c1.coresSince(c0),
                    top(c1.busiestThreads(c0, 1), 1), serverGc, gcMillis(), ThreadCpu.load());
            s0 = s1;
            c0 = c1;
            d0 = d1;
            t0 = t1;
        }
    }

    /** Time this JVM's collectors have spent (G1: young and mixed pauses, and concurrent cycles), ms. */
    static long gcMillis() {
        long ms = 0;
        for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            ms += Math.max(0, gc.getCollectionTime());
        }
        return ms;
    }

    private static String top(List<ThreadCpu.Use> uses, int n) {
        StringBuilder sb = new StringBuilder();
        for (ThreadCpu.Use u : uses.subList(0, Math.min(n, uses.size()))) {
            if (!sb.isEmpty()) {
                sb.append(", ");
            }
            sb.append(String.format(Locale.ROOT, "%s %.2f", u.name(), u.cores()));
        }
        return sb.toString();
    }

    /** The next line starting with {@code prefix}; an ERROR line or the timeout fails the run. */
    private static String await(BlockingQueue<String> lines, String prefix, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new IllegalStateException("the fanout server did not say '" + prefix + "' within " + seconds
                        + " s");
            }
            if (line.startsWith("ERROR")) {
                throw new IllegalStateException("fanout server: " + line);
            }
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }
}
