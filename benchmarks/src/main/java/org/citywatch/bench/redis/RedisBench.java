package org.citywatch.bench.redis;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.citywatch.analytics.alert.Alert;
import org.citywatch.analytics.alert.AlertEvent;
import org.citywatch.analytics.alert.AlertIds;
import org.citywatch.analytics.alert.AlertObject;
import org.citywatch.analytics.alert.AlertStore;
import org.citywatch.analytics.alert.AlertType;
import org.citywatch.analytics.alert.InMemoryAlertStore;
import org.citywatch.analytics.alert.Severity;
import org.citywatch.analytics.alert.redis.RedisAlertStore;
import org.citywatch.analytics.alert.redis.RedisAlertStoreSettings;
import org.citywatch.analytics.alert.redis.RedisStoreFigures;
import org.citywatch.bench.BenchMain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./citywatch bench redis}: the alert store on a Redis of its own against the in-memory store, in one run.
 * The same events (per camera, alerts of 50 versions each: RAISED then UPDATED, 5 objects) are published by a few
 * threads, each owning some cameras (so each camera's order holds, as with the incident trackers); a subscriber hears
 * them: on another store instance with its own consumer group for Redis (another node), on the store itself for the
 * in-memory baseline. Measured: publish calls per second, the time of one publish, and publish to subscriber.
 * A warm-up of the same shape runs first on other keys and is not counted.
 */
@Command(name = "redis", mixinStandardHelpOptions = true,
        description = "The Redis alert store (its own redis-server on loopback) against the in-memory store: "
                + "publish throughput and latency, and delivery to a subscriber on another store instance.")
public final class RedisBench implements Callable<Integer> {

    private static final int EVENTS_PER_ALERT = 50;

    @Option(names = "--events", defaultValue = "20000", description = "events measured (default ${DEFAULT-VALUE})")
    int events;

    @Option(names = "--cameras", defaultValue = "8", description = "cameras publishing (default ${DEFAULT-VALUE})")
    int cameras;

    @Option(names = "--threads", defaultValue = "4", description = "publishing threads (default ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--appendfsync", defaultValue = "everysec",
            description = "the Redis AOF fsync policy: always, everysec (Redis's recommendation, default) or no")
    String appendfsync;

    @Option(names = "--warmup", defaultValue = "5000", description = "events of warm-up per store (default ${DEFAULT-VALUE})")
    int warmup;

    /** One store's figures. */
    record Run(double seconds, double eventsPerSecond, double appendP50Ms, double appendP99Ms, int delivered,
               double endToEndP50Ms, double endToEndP99Ms) {
    }

    @Override
    public Integer call() throws Exception {
        if (events < 1 || cameras < 1 || threads < 1 || warmup < 0) {
            throw new IllegalArgumentException("--events, --cameras and --threads must be positive");
        }
        int threadCount = Math.min(threads, cameras);
        System.out.printf(Locale.ROOT, "Alert store: %,d events from %d cameras, %d publishing threads, %,d warm-up%n",
                events, cameras, threadCount, warmup);

        measure(new InMemoryAlertStore(Math.max(1, warmup)), null, burst(warmup), threadCount);
        InMemoryAlertStore memory = new InMemoryAlertStore(events);
        Run mem = measure(memory, null, burst(events), threadCount);

        Run redis;
        RedisStoreFigures figures;
        double scriptUsec;
        Path journals = Files.createTempDirectory("citywatch-bench-journal-");
        try (LocalRedis server = LocalRedis.start(appendfsync);
             AutoCloseable cleanup = () -> deleteTree(journals)) {
            try (RedisAlertStore pub = RedisAlertStore.open(settings(server, "warmup:", "warm-pub", journals));
                 RedisAlertStore sub = RedisAlertStore.open(settings(server, "warmup:", "warm-sub", journals))) {
                measure(pub, sub, burst(warmup), threadCount);
            }
            try (RedisAlertStore pub = RedisAlertStore.open(settings(server, "bench:", "bench-publisher", journals));
                 RedisAlertStore sub = RedisAlertStore.open(settings(server, "bench:", "bench-subscriber",
                         journals))) {
                redis = measure(pub, sub, burst(events), threadCount);
                figures = pub.figures();
            }
            scriptUsec = server.usecPerCall("evalsha");
        }

        System.out.println();
        System.out.printf(Locale.ROOT, "%-22s %12s %12s %12s %10s %12s %12s%n", "store", "events/s",
                "append p50", "append p99", "delivered", "e2e p50", "e2e p99");
        print("in-memory (baseline)", mem);
        print("Redis (AOF " + appendfsync + ")", redis);
        System.out.printf(Locale.ROOT, "Redis: %s, on loopback; the subscriber is another store instance (its own "
                + "consumer group); %d events journalled (should be 0: Redis stayed up)%n", LocalRedis.version(),
                figures.journalled());
        System.out.printf(Locale.ROOT, "Redis's own time per publish script (INFO commandstats, warm-up included): "
                + "%.1f µs; the rest of a publish is the client, the loopback and the wait for a core%n", scriptUsec);

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("benchmark", "redis");
        json.put("events", events);
        json.put("cameras", cameras);
        json.put("threads", threadCount);
        json.put("appendfsync", appendfsync);
        json.put("events_per_second", Math.round(redis.eventsPerSecond()));
        json.put("append_p50_ms", BenchMain.round4(redis.appendP50Ms()));
        json.put("append_p99_ms", BenchMain.round4(redis.appendP99Ms()));
        json.put("delivered_to_subscriber", redis.delivered());
        json.put("end_to_end_p50_ms", BenchMain.round4(redis.endToEndP50Ms()));
        json.put("end_to_end_p99_ms", BenchMain.round4(redis.endToEndP99Ms()));
        json.put("journalled", figures.journalled());
        json.put("redis_usec_per_publish", BenchMain.round(scriptUsec));
        json.put("memory_events_per_second", Math.round(mem.eventsPerSecond()));
        json.put("memory_append_p50_ms", BenchMain.round4(mem.appendP50Ms()));
        json.put("memory_append_p99_ms", BenchMain.round4(mem.appendP99Ms()));
        json.put("memory_delivered_to_subscriber", mem.delivered());
        json.put("memory_end_to_end_p99_ms", BenchMain.round4(mem.endToEndP99Ms()));
        System.out.println(BenchMain.toJson(json));
        return redis.delivered() == events ? 0 : 1;
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    private static void print(String name, Run r) {
        System.out.printf(Locale.ROOT, "%-22s %12.0f %9.3f ms %9.3f ms %10d %9.3f ms %9.3f ms%n", name,
                r.eventsPerSecond(), r.appendP50Ms(), r.appendP99Ms(), r.delivered(), r.endToEndP50Ms(),
                r.endToEndP99Ms());
    }

    private static RedisAlertStoreSettings settings(LocalRedis server, String prefix, String node, Path journals)
            throws java.io.IOException {
        return RedisAlertStoreSettings.of(server.uri(), prefix, 1_000_000, Optional.of(node),
                Files.createTempDirectory(journals, node), 256L << 20, 100_000);
    }

    /** Per camera, its events in order. */
    private List<List<AlertEvent>> burst(int total) {
        List<List<AlertEvent>> perCamera = new ArrayList<>();
        for (int c = 0; c < cameras; c++) {
            perCamera.add(new ArrayList<>());
        }
        Alert[] latest = new Alert[cameras];
        Instant t = Instant.now();
        for (int i = 0; i < total; i++) {
            int c = i % cameras;
            int k = i / cameras;
            Instant at = t.plusMillis(i);
            Alert a;
            AlertEvent.Kind kind;
            if (k % EVENTS_PER_ALERT == 0) {
                a = Alert.raised(AlertIds.next(at.toEpochMilli()), "cam-" + c, "Camera " + c, "district-" + c % 4,
                        AlertType.CROWD, Severity.P2, "plaza", "5 persons in plaza for 3 s", at.minusSeconds(3), at,
                        objects(5), Map.of("persons", 5), 1280, 720);
                kind = AlertEvent.Kind.RAISED;
            } else {
                int persons = 5 + k % 7;
                a = latest[c].updated(at, persons + " persons in plaza", objects(persons), Map.of("persons", persons));
                kind = AlertEvent.Kind.UPDATED;
            }
            latest[c] = a;
            perCamera.get(c).add(new AlertEvent(AlertIds.next(at.toEpochMilli()), kind, at, a));
        }
        return perCamera;
    }

    private static List<AlertObject> objects(int n) {
        List<AlertObject> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new AlertObject(100 + i, "person", 0.8f, 10f * i, 20f, 10f * i + 40f, 120f));
        }
        return out;
    }

    /**
     * Publishes everything from {@code threads} threads (thread t owns cameras t, t + threads, …, and publishes them
     * round-robin, each in order) and waits up to 60 s for the subscriber.
     *
     * @param subscribeOn where the subscriber listens; null: on {@code store} itself
     */
    private static Run measure(AlertStore store, AlertStore subscribeOn, List<List<AlertEvent>> perCamera,
                               int threads) throws Exception {
        int n = perCamera.stream().mapToInt(List::size).sum();
        Map<String, Integer> index = new HashMap<>(n * 2);
        List<List<Integer>> indexPerCamera = new ArrayList<>();
        int next = 0;
        for (List<AlertEvent> camera : perCamera) {
            List<Integer> ids = new ArrayList<>(camera.size());
            for (AlertEvent e : camera) {
                index.put(e.eventId(), next);
                ids.add(next++);
            }
            indexPerCamera.add(ids);
        }
        AlertEvent[] all = new AlertEvent[n];
        for (int c = 0; c < perCamera.size(); c++) {
            for (int i = 0; i < perCamera.get(c).size(); i++) {
                all[indexPerCamera.get(c).get(i)] = perCamera.get(c).get(i);
            }
        }
        long[] start = new long[n];
        long[] end = new long[n];
        long[] heard = new long[n];
        AtomicInteger heardCount = new AtomicInteger();
        AlertStore listenOn = subscribeOn == null ? store : subscribeOn;
        AtomicInteger failures = new AtomicInteger();
        try (AutoCloseable ignored = listenOn.subscribe(e -> {
            Integer i = index.get(e.eventId());
            if (i != null && heard[i] == 0) {
                heard[i] = System.nanoTime();
                heardCount.incrementAndGet();
            }
        })) {
            List<Thread> workers = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                int first = t;
                workers.add(Thread.ofPlatform().name("publisher-" + t).start(() -> {
                    List<List<Integer>> mine = new ArrayList<>();
                    for (int c = first; c < indexPerCamera.size(); c += threads) {
                        mine.add(indexPerCamera.get(c));
                    }
                    int longest = mine.stream().mapToInt(List::size).max().orElse(0);
                    for (int k = 0; k < longest; k++) {
                        for (List<Integer> camera : mine) {
                            if (k < camera.size()) {
                                int i = camera.get(k);
                                start[i] = System.nanoTime();
                                try {
                                    store.publish(all[i]);
                                } catch (RuntimeException ex) {
                                    failures.incrementAndGet();
                                }
                                end[i] = System.nanoTime();
                            }
                        }
                    }
                }));
            }
            for (Thread w : workers) {
                w.join();
            }
            long t1 = System.nanoTime();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (heardCount.get() < n && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            if (failures.get() > 0) {
                System.out.println("  " + failures.get() + " publish calls failed");
            }
            long[] append = new long[n];
            long[] e2e = new long[heardCount.get()];
            int k = 0;
            for (int i = 0; i < n; i++) {
                append[i] = end[i] - start[i];
                if (heard[i] != 0 && k < e2e.length) {
                    e2e[k++] = heard[i] - start[i];
                }
            }
            double seconds = (t1 - t0) / 1e9;
            return new Run(seconds, n / seconds, percentileMs(append, 0.50), percentileMs(append, 0.99),
                    heardCount.get(), percentileMs(Arrays.copyOf(e2e, k), 0.50),
                    percentileMs(Arrays.copyOf(e2e, k), 0.99));
        }
    }

    private static double percentileMs(long[] nanos, double p) {
        if (nanos.length == 0) {
            return Double.NaN;
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }
}
