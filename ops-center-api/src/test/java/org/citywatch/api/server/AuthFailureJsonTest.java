package org.citywatch.api.server;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.citywatch.api.auth.Access;
import org.citywatch.api.auth.RouteTable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The failure handler over real HTTP: a handler that throws, and a body over the limit, both answered as JSON. */
class AuthFailureJsonTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void aThrowingHandlerOrAnOversizedBodyIsJsonWithoutAStackTrace() throws Exception {
        RouteTable routes = new RouteTable()
                .add(GET, "/api/boom", Access.ANONYMOUS, "throws", ctx -> {
                    throw new IllegalStateException("secret internals at com.example.Thing");
                })
                .add(POST, "/api/echo", Access.ANONYMOUS, "echoes", ctx -> ctx.response().end(ctx.body().buffer()));
        Router router = Router.router(vertx);
        routes.mount(router, route -> ctx -> ctx.next());
        router.route().failureHandler(FailureJson::handle);
        HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .await(10, TimeUnit.SECONDS);
        String base = "http://127.0.0.1:" + server.actualPort();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        HttpResponse<String> boom = http.send(HttpRequest.newBuilder(URI.create(base + "/api/boom")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(boom.statusCode()).isEqualTo(500);
        JsonNode body = JsonViews.MAPPER.readTree(boom.body());
        assertThat(body.get("code").asText()).isEqualTo("internal_error");
        assertThat(boom.body()).doesNotContain("secret").doesNotContain("IllegalStateException")
                .doesNotContain("com.example");

        HttpResponse<String> big = http.send(HttpRequest.newBuilder(URI.create(base + "/api/echo"))
                .POST(HttpRequest.BodyPublishers.ofString("x".repeat((int) RouteTable.MAX_BODY_BYTES + 1))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(big.statusCode()).isEqualTo(413);
        assertThat(JsonViews.MAPPER.readTree(big.body()).get("code").asText()).isEqualTo("payload_too_large");

        HttpResponse<String> fits = http.send(HttpRequest.newBuilder(URI.create(base + "/api/echo"))
                .POST(HttpRequest.BodyPublishers.ofString("hello")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(fits.body()).isEqualTo("hello");
    }
}
