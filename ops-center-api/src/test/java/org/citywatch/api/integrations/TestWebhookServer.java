package org.citywatch.api.integrations;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * A real HTTP endpoint (the JDK's own server, independent of the Vert.x client under test) that answers each POST
 * as a script says (by call number, from 1) and records when each arrived, its headers and its body.
 */
final class TestWebhookServer implements AutoCloseable {

    /** An answer: status, headers, and how long to wait before sending it (to provoke timeouts). */
    record Answer(int status, Map<String, String> headers, Duration delay) {
        static Answer of(int status) {
            return new Answer(status, Map.of(), Duration.ZERO);
        }

        static Answer of(int status, String header, String value) {
            return new Answer(status, Map.of(header, value), Duration.ZERO);
        }
    }

    record Request(long nanos, String path, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final List<Request> requests = new ArrayList<>();
    private volatile IntFunction<Answer> script;

    TestWebhookServer(IntFunction<Answer> script) throws IOException {
        this.script = script;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    private void handle(HttpExchange ex) throws IOException {
        long at = System.nanoTime();
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readAllBytes();
        }
        int n;
        synchronized (requests) {
            requests.add(new Request(at, ex.getRequestURI().getPath(), Map.copyOf(ex.getRequestHeaders()), body));
            n = requests.size();
            requests.notifyAll();
        }
        Answer a = script.apply(n);
        if (!a.delay().isZero()) {
            try {
                Thread.sleep(a.delay().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        a.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        try {
            ex.sendResponseHeaders(a.status(), -1);
        } catch (IOException clientGone) {
            // the client timed out and closed: that was the point
        }
        ex.close();
    }

    void script(IntFunction<Answer> newScript) {
        script = newScript;
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** Waits (with a deadline) for at least {@code n} requests; returns all so far. */
    List<Request> await(int n, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        synchronized (requests) {
            while (requests.size() < n) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new AssertionError("only " + requests.size() + " of " + n + " requests within "
                            + within.toMillis() + " ms");
                }
                requests.wait(left);
            }
            return List.copyOf(requests);
        }
    }

    List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
