package org.citywatch.api.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real Server-Sent Events client of {@code /api/events} (Vert.x HTTP client): parses the stream as EventSource
 * would (fields {@code id}, {@code event}, {@code data}; comments and {@code retry} kept apart).
 */
public final class SseTestClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    public record Frame(String id, String event, String data, long atNanos) {
        public JsonNode json() {
            try {
                return JSON.readTree(data);
            } catch (Exception e) {
                throw new IllegalStateException("not JSON: " + data, e);
            }
        }
    }

    public final LinkedBlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    public final List<String> comments = new java.util.concurrent.CopyOnWriteArrayList<>();
    public final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final HttpClientAgent client;
    private final StringBuilder text = new StringBuilder();
    private volatile HttpClientResponse response;
    public int status;
    MultiMap headers;

    private SseTestClient(HttpClientAgent client) {
        this.client = client;
    }

    public static SseTestClient connect(Vertx vertx, int port, String uri, Map<String, String> headers)
            throws Exception {
        return connect(vertx, port, uri, headers, new HttpClientOptions());
    }

    /** A client that reads the stream but does not parse it (a slow client's backlog costs nothing). */
    static SseTestClient connectDiscarding(Vertx vertx, int port, String uri, HttpClientOptions clientOptions)
            throws Exception {
        return connect(vertx, port, uri, Map.of(), clientOptions, false);
    }

    public static SseTestClient connect(Vertx vertx, int port, String uri, Map<String, String> headers,
                                 HttpClientOptions clientOptions) throws Exception {
        return connect(vertx, port, uri, headers, clientOptions, true);
    }

    private static SseTestClient connect(Vertx vertx, int port, String uri, Map<String, String> headers,
                                         HttpClientOptions clientOptions, boolean parse) throws Exception {
        SseTestClient c = new SseTestClient(vertx.createHttpClient(clientOptions));
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port)
                .setURI(uri).putHeader("accept", "text/event-stream");
        headers.forEach(options::putHeader);
        c.client.request(options).compose(req -> req.send()).map(resp -> {
            c.response = resp;
            c.status = resp.statusCode();
            c.headers = resp.headers();
            resp.handler(parse ? chunk -> c.feed(chunk.toString(StandardCharsets.UTF_8)) : chunk -> { });
            resp.endHandler(v -> c.ended.complete(null));
            resp.exceptionHandler(e -> c.ended.complete(null));
            return resp;
        }).await(10, TimeUnit.SECONDS);
        return c;
    }

    private void feed(String chunk) {
        text.append(chunk);
        int end;
        while ((end = text.indexOf("\n\n")) >= 0) {
            String block = text.substring(0, end);
            text.delete(0, end + 2);
            String id = null;
            String event = "message";
            StringBuilder data = null;
            for (String line : block.split("\n")) {
                if (line.startsWith(":")) {
                    comments.add(line);
                } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    String value = line.substring(6);
                    data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                }
            }
            if (data != null) {
                frames.add(new Frame(id, event, data.toString(), System.nanoTime()));
            }
        }
    }

    public Frame next(Duration timeout) throws InterruptedException {
        Frame f = frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (f == null) {
            throw new AssertionError("no event within " + timeout);
        }
        return f;
    }

    List<Frame> take(int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Frame> out = new ArrayList<>();
        while (out.size() < n) {
            Frame f = frames.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (f == null) {
                throw new AssertionError("got " + out.size() + " of " + n + " events within " + timeout);
            }
            out.add(f);
        }
        return out;
    }

    void pause() {
        response.pause();
    }

    void resume() {
        response.resume();
    }

    @Override
    public void close() {
        client.close();
    }
}
