package org.citywatch.bench.fanout;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.citywatch.analytics.alert.InMemoryAlertStore;
import org.citywatch.api.push.PushHub;
import org.citywatch.api.auth.RouteTable;
import org.citywatch.api.push.PushRoutes;
import org.citywatch.api.push.PushSettings;
import org.citywatch.api.push.Transport;
import org.citywatch.api.server.JsonViews;
import org.citywatch.bench.farm.FarmMain;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The server side of {@code bench fanout}, in its own JVM: the push routes exactly as {@code ApiServer} mounts them
 * (one HTTP server, the same {@link PushHub}, {@link PushRoutes} and alert JSON), fed by an in-memory alert store, as
 * the incident trackers feed it. No cameras, analytics or security: the push is what is measured. Once
 * {@code --clients} WebSocket clients have joined it publishes for {@code --warmup} seconds climbing to
 * {@code --rate} (phase W), then at {@code --rate} for {@code --seconds} (phase M), printing {@code START}/{@code DONE}
 * lines, and {@code STATS} lines every half second until its standard input closes.
 */
@Command(name = "fanout-server", mixinStandardHelpOptions = true)
public final class FanoutServerMain implements Callable<Integer> {

    @Option(names = "--clients", required = true)
    int clients;

    @Option(names = "--rate", required = true, description = "alert events per second")
    double rate;

    @Option(names = "--warmup", defaultValue = "10")
    int warmup;

    @Option(names = "--seconds", required = true)
    int seconds;

    @Option(names = "--queue-kib", defaultValue = "512")
    int queueKib;

    @Option(names = "--coalesce-ms", defaultValue = "5")
    int coalesceMs;

    public static void main(String[] args) {
        System.exit(new CommandLine(new FanoutServerMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        FarmMain.exitWhenStdinCloses();
        Vertx vertx = Vertx.vertx();
        InMemoryAlertStore store = new InMemoryAlertStore();
        PushHub hub = new PushHub(PushSettings.defaults().withClientQueueBytes(queueKib * 1024)
                .withCoalesce(Duration.ofMillis(coalesceMs)), JsonViews::alertEvent);
        store.subscribe(hub::alert);
        Router router = Router.router(vertx);
        RouteTable routes = new RouteTable();
        new PushRoutes(hub).register(routes);
        routes.mount(router, route -> ctx -> ctx.next()); // no sign-in here: only the push is measured
        int port = vertx.createHttpServer(PushRoutes.serverOptions(new HttpServerOptions())).requestHandler(router)
                .listen(0, "127.0.0.1")
                .await(30, TimeUnit.SECONDS).actualPort();
        System.out.println("READY " + port + " " + System.nanoTime());
        Thread.ofPlatform().daemon().name("stats").start(() -> {
            while (true) {
                System.out.printf(Locale.ROOT, "STATS clients=%d sent=%d dropped=%d events=%d loops=%d "
                                + "lag_p50_ms=%.3f lag_p99_ms=%.3f gc_ms=%d%n", hub.clients(Transport.WS),
                        hub.messagesSent(), hub.droppedClients(Transport.WS), hub.alertEvents(), hub.fanoutLoops(),
                        hub.pushLagMs(0.5), hub.pushLagMs(0.99), FanoutBench.gcMillis());
                LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (hub.clients(Transport.WS) < clients) {
            if (System.nanoTime() > deadline) {
                System.out.println("ERROR only " + hub.clients(Transport.WS) + " of " + clients + " clients joined");
                return 1;
            }
            Thread.sleep(10);
        }
        BenchAlerts alerts = new BenchAlerts();
        Thread publisher = Thread.ofPlatform().name("fanout-pub").start(() -> {
            System.out.println("START W " + System.nanoTime());
            // The warm-up climbs to the rate in ten steps: at full rate at once, cold (interpreted) clients fall
            // behind in the first second and are dropped before the JIT has compiled anything.
            for (int step = 1; step <= 10; step++) {
                publish(store, alerts, 'W', rate * step / 10, warmup / 10.0);
            }
            System.out.println("DONE W");
            System.out.println("START M " + System.nanoTime());
            long[] figures = publish(store, alerts, 'M', rate, seconds);
            System.out.printf(Locale.ROOT, "DONE M %d %d %.3f%n", figures[0], System.nanoTime(), figures[1] / 1e6);
        });
        publisher.join();
        Thread.sleep(Long.MAX_VALUE); // until the bench closes our standard input
        return 0;
    }

    /**
     * Publishes at {@code perSecond} for {@code s} seconds, each event stamped with when it was due: a publisher
     * that falls behind (no core free) adds its lateness to every delivery, as a busy node would. Returns the events
     * published and the publisher's worst lateness in ns.
     */
    private static long[] publish(InMemoryAlertStore store, BenchAlerts alerts, char phase, double perSecond,
                                  double s) {
        long total = Math.round(perSecond * s);
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1);
        long lateMax = 0;
        for (long i = 0; i < total; i++) {
            long due = start + (long) (i * 1e9 / perSecond);
            long now;
            while ((now = System.nanoTime()) < due) {
                LockSupport.parkNanos(due - now);
            }
            lateMax = Math.max(lateMax, now - due);
            store.publish(alerts.next(phase, due));
        }
        return new long[] {total, lateMax};
    }
}
