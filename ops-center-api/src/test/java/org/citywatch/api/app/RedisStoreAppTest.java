package org.citywatch.api.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.citywatch.analytics.alert.Alert;
import org.citywatch.analytics.alert.AlertState;
import org.citywatch.analytics.alert.redis.RedisAlertStore;
import org.citywatch.analytics.alert.redis.RedisAlertStoreSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole process with {@code alerts.store: redis} on the machine's Redis (127.0.0.1:6379; {@code .ci/install}
 * starts one where none runs), under a key prefix of its own: the crowd alert of the pedestrian clip is raised into
 * Redis, served by the API from there, acknowledged through the API, and seen acknowledged by a second node's store.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class RedisStoreAppTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String REDIS = "redis://127.0.0.1:6379";

    @Test
    void alertsGoThroughRedisAndAnotherNodeSeesTheirWorkflow(@TempDir Path dir) throws Exception {
        String prefix = "citywatch-test-" + UUID.randomUUID().toString().substring(0, 8) + ":";
        String yaml = """
                server: { host: 127.0.0.1, port: 0 }
                analytics:
                  targetFps: 3
                  defaultScene:
                    rules: [ { type: crowd, minPersons: 4, minSeconds: 1, holdSeconds: 5, severity: P2 } ]
                alerts:
                  store: redis
                  redis: { uri: "%s", keyPrefix: "%s", node: node-a, journalDir: "%s" }
                  evidence: { dir: "%s" }
                cameras:
                  - { id: pedestrians, name: Campus road, url: "asset:vtest_first20s_h264.mp4", kind: ward,
                      district: District 1, latitude: 10.7743, longitude: 106.7038 }
                """.formatted(REDIS, prefix, dir.resolve("journal"), dir.resolve("evidence"))
                + TestSecurity.yaml(java.util.Map.of("op-lan", "operator"));
        try (CityWatchApp app = TestHttp.startApp(yaml, dir);
             RedisAlertStore otherNode = RedisAlertStore.open(RedisAlertStoreSettings.of(REDIS, prefix, 10_000,
                     Optional.of("node-b"), dir.resolve("journal-b"), 16L << 20, 10_000))) {
            String base = "http://127.0.0.1:" + app.port();
            String token = TestSecurity.token(HTTP, base, "op-lan");
            JsonNode alerts = JSON.createArrayNode();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (alerts.isEmpty() && System.nanoTime() < deadline) {
                alerts = JSON.readTree(TestHttp.get(base + "/api/alerts?type=CROWD", token).body());
                Thread.sleep(250);
            }
            assertThat(alerts).as("a crowd alert within 60 s").isNotEmpty();
            String id = alerts.get(0).get("id").asText();

            HttpResponse<String> ack = TestHttp.post(base + "/api/alerts/" + id + "/acknowledge", token, "{}");
            assertThat(ack.statusCode()).isEqualTo(200);

            Alert seen = otherNode.get(id).orElseThrow();
            assertThat(seen.state()).isEqualTo(AlertState.ACKNOWLEDGED);
            assertThat(seen.audit()).extracting(e -> e.who()).containsExactly("op-lan");
            assertThat(otherNode.online()).isTrue();
            assertThat(TestHttp.get(base + "/metrics", null).body()).contains("citywatch_alert_store_online 1.0")
                    .contains("citywatch_alert_journal_bytes 0.0");
        } finally {
            deleteKeys(prefix);
        }
    }

    private static void deleteKeys(String prefix) {
        RedisClient client = RedisClient.create(REDIS);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            List<String> keys = c.sync().keys(prefix + "*");
            if (!keys.isEmpty()) {
                c.sync().del(keys.toArray(String[]::new));
            }
        } finally {
            client.shutdown();
        }
    }
}
