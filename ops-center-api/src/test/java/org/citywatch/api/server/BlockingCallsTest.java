package org.citywatch.api.server;

import static io.vertx.core.http.HttpMethod.GET;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.citywatch.api.auth.Access;
import org.citywatch.api.auth.RouteTable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Blocking calls over real HTTP: past the bound of waiting calls a request is answered 503 as JSON at once. */
class BlockingCallsTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void pastMaxWaitingARequestIsRefusedWith503UntilACallIsDone() throws Exception {
        BlockingCalls calls = new BlockingCalls(vertx, "test-store", 1, 1);
        CountDownLatch gate = new CountDownLatch(1);
        Semaphore entered = new Semaphore(0);
        RouteTable routes = new RouteTable().add(GET, "/api/slow", Access.ANONYMOUS, "waits for the gate",
                ctx -> calls.call(() -> {
                    entered.release();
                    return gate.await(30, TimeUnit.SECONDS) ? "done" : "timed out";
                }).onSuccess(s -> ctx.response().end(s)).onFailure(e -> BlockingCalls.fail(ctx, e)));
        Router router = Router.router(vertx);
        routes.mount(router, route -> ctx -> ctx.next());
        router.route().failureHandler(FailureJson::handle);
        HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .await(10, TimeUnit.SECONDS);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest slow = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + "/api/slow"))
                .timeout(Duration.ofSeconds(30)).build();

        CompletableFuture<HttpResponse<String>> first = http.sendAsync(slow, HttpResponse.BodyHandlers.ofString());
        assertThat(entered.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
        HttpResponse<String> refused = http.send(slow, HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("retry-after")).contains("1");
        assertThat(JsonViews.MAPPER.readTree(refused.body()).get("code").asText()).isEqualTo("unavailable");
        assertThat(JsonViews.MAPPER.readTree(refused.body()).get("message").asText()).contains("test-store is busy");

        gate.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS).body()).isEqualTo("done");
        assertThat(http.send(slow, HttpResponse.BodyHandlers.ofString()).body()).as("room again").isEqualTo("done");
        assertThat(calls.waiting()).isZero();
    }
}
