package org.citywatch.bench.fanout;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The bench's N WebSocket clients, all in this process on a few Vert.x event loops (threads are what a 2-core
 * machine has least of). Each message is only scanned for the bench marker (no JSON parsing: the clients should
 * cost as little as a client can), its delivery latency recorded (now minus when it was due to be published) and
 * counted by phase.
 */
final class FanoutClients implements AutoCloseable {

    private static final byte[] MARKER = BenchAlerts.MARKER.getBytes(StandardCharsets.UTF_8);

    private final Vertx vertx;
    private final WebSocketClient client;
    final LongAdder warmDelivered = new LongAdder();
    final LongAdder measuredDelivered = new LongAdder();
    final AtomicInteger connected = new AtomicInteger();
    final AtomicInteger closed = new AtomicInteger();
    final Map<String, AtomicInteger> closeReasons = new ConcurrentHashMap<>();
    private final Map<Thread, LatencyHistogram> histograms = new ConcurrentHashMap<>();

    FanoutClients(int clients, int threads) {
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(threads));
        this.client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(clients + 16));
    }

    /** Connects {@code n} clients to {@code uri}; fails unless all are connected within a minute. */
    void connect(int n, int port, String uri) throws java.util.concurrent.TimeoutException {
        List<Future<?>> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(client.connect(port, "127.0.0.1", uri).map(ws -> {
                // On the connection's event loop: its histogram is that thread's, touched by no other.
                LatencyHistogram h = histograms.computeIfAbsent(Thread.currentThread(), t -> new LatencyHistogram());
                ws.handler(b -> received(b, h));
                ws.closeHandler(v -> {
                    closed.incrementAndGet();
                    closeReasons.computeIfAbsent(ws.closeStatusCode() + " " + ws.closeReason(),
                            k -> new AtomicInteger()).incrementAndGet();
                });
                connected.incrementAndGet();
                return ws;
            }));
        }
        Future.all(all).await(60, TimeUnit.SECONDS);
    }

    private void received(Buffer b, LatencyHistogram h) {
        long now = System.nanoTime();
        int at = indexOf(b, MARKER);
        if (at < 0) {
            return; // not a bench alert (none expected)
        }
        int i = at + MARKER.length;
        char phase = (char) b.getByte(i);
        long due = 0;
        for (i += 2; i < b.length(); i++) {
            byte c = b.getByte(i);
            if (c < '0' || c > '9') {
                break;
            }
            due = due * 10 + (c - '0');
        }
        if (phase == 'M') {
            h.record(now - due);
            // After the record: whoever reads the count (a volatile read) then sees the histogram as of it.
            measuredDelivered.increment();
        } else {
            warmDelivered.increment();
        }
    }

    private static int indexOf(Buffer b, byte[] pattern) {
        int last = b.length() - pattern.length;
        outer:
        for (int i = 0; i <= last; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (b.getByte(i + j) != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Every thread's latencies merged; call once the clients are quiet. */
    LatencyHistogram latencies() {
        LatencyHistogram all = new LatencyHistogram();
        histograms.values().forEach(all::add);
        return all;
    }

    @Override
    public void close() {
        client.close();
        try {
            vertx.close().await(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            System.err.println("bench: the clients' Vert.x did not close in 10 s");
        }
    }
}
