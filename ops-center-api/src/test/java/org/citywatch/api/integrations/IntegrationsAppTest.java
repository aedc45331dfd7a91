package org.citywatch.api.integrations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.citywatch.api.app.AppConfig;
import org.citywatch.api.app.CityWatchApp;
import org.citywatch.assets.AssetResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * The whole process with integrations configured: the crowd alert of the looped pedestrian clip reaches the
 * machine's Mosquitto (under a prefix of its own) and a signed webhook, is exported as CAP over HTTP, and the
 * integrations' figures are in {@code /metrics}.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class IntegrationsAppTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aCrowdAlertGoesToMqttAndTheWebhookAndExportsAsCap(@TempDir Path dir) throws Exception {
        String prefix = "citywatch-test-" + UUID.randomUUID().toString().substring(0, 8);
        try (TestWebhookServer hook = new TestWebhookServer(n -> TestWebhookServer.Answer.of(204));
             MqttTestSubscriber sub = new MqttTestSubscriber("sub-" + prefix, false)
                     .connect(1883, prefix + "/alerts/#")) {
            Path file = dir.resolve("city.yaml");
            Files.writeString(file, """
                    server: { host: 127.0.0.1, port: 0 }
                    security: { enabled: false }   # roles are RoleRouteMatrixTest's business
                    analytics:
                      targetFps: 3
                      defaultScene:
                        rules: [ { type: crowd, minPersons: 4, minSeconds: 1, holdSeconds: 5, severity: P2 } ]
                    alerts:
                      evidence: { dir: "%s" }
                    integrations:
                      mqtt: { uri: "tcp://127.0.0.1:1883", topicPrefix: "%s" }
                      webhooks:
                        - { name: ops, url: "%s", secret: app-test-secret, types: [CROWD] }
                      cap: { sender: cw@test.example, webBase: "https://cw.test.example", timeZone: UTC }
                    cameras:
                      - { id: pedestrians, name: Campus road, url: "asset:vtest_first20s_h264.mp4", kind: ward,
                          district: District 1, latitude: 10.7743, longitude: 106.7038 }
                    """.formatted(dir.resolve("evidence"), prefix, hook.url("/citywatch")));
            try (CityWatchApp app = CityWatchApp.start(AppConfig.load(file), AssetResolver.fromEnvironment())) {
                String base = "http://127.0.0.1:" + app.port();

                List<MqttTestSubscriber.Received> got = sub.await(1, Duration.ofSeconds(90));
                assertThat(got).as("an MQTT message within 90 s").isNotEmpty();
                assertThat(got.get(0).topic()).isEqualTo(prefix + "/alerts/pedestrians/CROWD");
                JsonNode pushed = JSON.readTree(got.get(0).payload());
                assertThat(pushed.get("type").asText()).isEqualTo("alert");
                assertThat(pushed.get("event").asText()).isEqualTo("RAISED");
                String id = pushed.get("alert").get("id").asText();

                TestWebhookServer.Request first = hook.await(1, Duration.ofSeconds(30)).get(0);
                assertThat(first.path()).isEqualTo("/citywatch");
                assertThat(JSON.readTree(first.body()).get("alert").get("id").asText()).isEqualTo(id);
                assertThat(WebhookSignature.verify("app-test-secret", first.header("X-CityWatch-Signature"),
                        first.header("X-CityWatch-Timestamp"), first.body(), Duration.ofMinutes(5), Instant.now()))
                        .isTrue();

                HttpResponse<String> cap = get(base + "/api/alerts/" + id + "/cap.xml");
                assertThat(cap.statusCode()).isEqualTo(200);
                assertThat(cap.headers().firstValue("content-type").orElse("")).startsWith("application/cap+xml");
                CapSchema.validate(cap.body());
                Document d = CapSchema.parse(cap.body());
                assertThat(CapSchema.text(d, "sender")).isEqualTo("cw@test.example");
                assertThat(CapSchema.text(d, "event")).isEqualTo("Crowd");
                assertThat(CapSchema.text(d, "circle")).isEqualTo("10.7743,106.7038 0.1");
                assertThat(CapSchema.text(d, "web")).isEqualTo("https://cw.test.example/#alert=" + id);
                assertThat(get(base + "/api/alerts/nope/cap.xml").statusCode()).isEqualTo(404);

                String metrics = get(base + "/metrics").body();
                assertThat(metrics).contains("citywatch_mqtt_connected 1.0")
                        .containsPattern("citywatch_mqtt_published_total [1-9]")
                        .contains("citywatch_mqtt_dropped_total 0.0")
                        .containsPattern("citywatch_webhook_delivered_total\\{webhook=\"ops\",?\\} [1-9]")
                        .contains("citywatch_webhook_failed_total{webhook=\"ops\"} 0.0")
                        .contains("citywatch_webhook_retries_total{webhook=\"ops\"}")
                        .contains("citywatch_webhook_dropped_total{webhook=\"ops\"}")
                        .doesNotContain("app-test-secret").doesNotContain(hook.url("/citywatch").toString());
            }
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
