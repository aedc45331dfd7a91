package org.citywatch.api.integrations;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.citywatch.analytics.alert.Alert;
import org.citywatch.analytics.alert.AlertEvent;
import org.citywatch.analytics.alert.AlertType;
import org.citywatch.analytics.alert.Evidence;
import org.citywatch.analytics.alert.InMemoryAlertStore;
import org.citywatch.analytics.alert.Severity;
import org.citywatch.api.auth.RouteTable;
import org.citywatch.api.server.BlockingCalls;
import org.citywatch.ingest.camera.Camera;
import org.citywatch.ingest.camera.CameraKind;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** {@code GET /api/alerts/{id}/cap.xml} on a real Vert.x server, registered in a route table as the app does. */
class CapRoutesTest {

    @Test
    void servesTheAlertAsCapOr404() throws Exception {
        Camera camera = new Camera("cam-001", "Ben Thanh", "rtsp://user:pass@10.0.0.5/stream1", CameraKind.TRAFFIC,
                "District 1", 10.7721, 106.6983);
        Vertx vertx = Vertx.vertx();
        try (InMemoryAlertStore store = new InMemoryAlertStore()) {
            AlertEvent raised = TestAlerts.raisedEvent("cam-001", AlertType.CROWD, Severity.P2);
            Alert a = raised.alert().withEvidence(new Evidence(true, Evidence.ClipState.NONE, ""),
                    raised.alert().raisedAt());
            store.publish(AlertEvent.of(AlertEvent.Kind.EVIDENCE, a, a.updatedAt()));
            Router router = Router.router(vertx);
            RouteTable routes = new RouteTable();
            new CapRoutes(store, new BlockingCalls(vertx, "alert-store", 1, 8), new CapExport(new CapSettings(
                    "cw@test", null, false, null, Optional.empty(), ZoneOffset.UTC)),
                    id -> id.equals(camera.id()) ? Optional.of(camera) : Optional.empty()).register(routes);
            routes.mount(router, route -> ctx -> ctx.next()); // roles are RoleRouteMatrixTest's business
            HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                    .await(10, TimeUnit.SECONDS);
            String base = "http://127.0.0.1:" + server.actualPort();
            HttpClient http = HttpClient.newHttpClient();

            HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create(base + "/api/alerts/" + a.id()
                    + "/cap.xml")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.headers().firstValue("content-type")).hasValueSatisfying(
                    ct -> assertThat(ct).startsWith("application/cap+xml"));
            CapSchema.validate(ok.body());
            Document d = CapSchema.parse(ok.body());
            assertThat(CapSchema.text(d, "msgType")).isEqualTo("Update");
            assertThat(CapSchema.text(d, "circle")).isEqualTo("10.7721,106.6983 0.1");
            assertThat(CapSchema.text(d, "uri")).as("evidence at the address asked")
                    .isEqualTo(base + "/api/alerts/" + a.id() + "/snapshot.jpg");
            assertThat(ok.body()).doesNotContain("rtsp://").doesNotContain("pass");

            HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create(base
                    + "/api/alerts/01NOPE/cap.xml")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.body()).contains("\"code\":\"not_found\"");
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }
}
