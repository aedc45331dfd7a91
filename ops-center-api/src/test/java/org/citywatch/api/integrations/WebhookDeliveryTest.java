package org.citywatch.api.integrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citywatch.api.integrations.MqttPublisherTest.waitFor;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.citywatch.analytics.alert.AlertEvent;
import org.citywatch.analytics.alert.AlertType;
import org.citywatch.analytics.alert.InMemoryAlertStore;
import org.citywatch.analytics.alert.Severity;
import org.citywatch.api.server.AlertEventJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * Webhook delivery against a real HTTP server (the JDK's) that fails, stalls or refuses as each test says; events go
 * through a real alert store as in the app. Timing bounds allow the +-25 % jitter plus 400 ms for a busy machine.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class WebhookDeliveryTest {

    private static final String SECRET = "s3cr3t-of-the-test";
    private static final long SLACK_MS = 400;

    private final InMemoryAlertStore store = new InMemoryAlertStore();
    private Integrations integrations;

    @AfterEach
    void close() {
        if (integrations != null) {
            integrations.close();
        }
        store.close();
    }

    private WebhookSender start(WebhookSettings w) {
        integrations = Integrations.start(new IntegrationSettings(Optional.empty(), List.of(w),
                CapSettings.defaults()), store);
        return integrations.webhooks().get(0);
    }

    private static WebhookSettings hook(URI url, int maxQueued, int maxAttempts, Duration maxAge, Backoff backoff,
                                        Duration timeout) {
        return WebhookSettings.of("test", url, SECRET, Set.of(), Optional.empty())
                .withLimits(maxQueued, maxAttempts, maxAge, backoff, timeout);
    }

    private static Backoff backoff(long initialMs) {
        return new Backoff(Duration.ofMillis(initialMs), Duration.ofSeconds(10));
    }

    private AlertEvent publish(AlertType type, Severity severity) {
        AlertEvent e = TestAlerts.raisedEvent("cam-001", type, severity);
        store.publish(e);
        return e;
    }

    private static long gapMs(List<TestWebhookServer.Request> r, int i) {
        return TimeUnit.NANOSECONDS.toMillis(r.get(i).nanos() - r.get(i - 1).nanos());
    }

    @Test
    void retriesA503WithExponentialBackoffAndSignsEveryAttempt() throws Exception {
        try (TestWebhookServer server = new TestWebhookServer(n -> TestWebhookServer.Answer.of(n <= 3 ? 503 : 200))) {
            WebhookSender hook = start(hook(server.url("/hook"), 100, 8, Duration.ofMinutes(1), backoff(200),
                    Duration.ofSeconds(5)));
            AlertEvent e = publish(AlertType.CROWD, Severity.P2);

            List<TestWebhookServer.Request> r = server.await(4, Duration.ofSeconds(10));
            waitFor("delivered", () -> hook.delivered() == 1, Duration.ofSeconds(5));
            // 200 ms, 400 ms, 800 ms, each +-25 %.
            for (int i = 1; i <= 3; i++) {
                long nominal = 200L << (i - 1);
                assertThat(gapMs(r, i)).as("wait before retry %d", i)
                        .isBetween((long) (nominal * 0.75) - 5, (long) (nominal * 1.25) + SLACK_MS);
            }
            byte[] json = AlertEventJson.of(e).getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 4; i++) {
                TestWebhookServer.Request q = r.get(i);
                assertThat(q.body()).as("the WebSocket JSON, unchanged across attempts").isEqualTo(json);
                assertThat(q.header("X-CityWatch-Event-Id")).isEqualTo(e.eventId());
                assertThat(q.header("X-CityWatch-Attempt")).isEqualTo(Integer.toString(i + 1));
                assertThat(q.header("Content-Type")).startsWith("application/json");
                String ts = q.header("X-CityWatch-Timestamp");
                assertThat(Long.parseLong(ts)).isCloseTo(Instant.now().getEpochSecond(),
                        org.assertj.core.data.Offset.offset(30L));
                // The documented scheme, computed here from scratch: sha256=hex(HMAC(secret, ts + "." + body)).
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                mac.update((ts + ".").getBytes(StandardCharsets.UTF_8));
                assertThat(q.header("X-CityWatch-Signature"))
                        .isEqualTo("sha256=" + HexFormat.of().formatHex(mac.doFinal(q.body())));
                assertThat(WebhookSignature.verify(SECRET, q.header("X-CityWatch-Signature"), ts, q.body(),
                        Duration.ofMinutes(5), Instant.now())).isTrue();
                assertThat(WebhookSignature.verify("another-secret", q.header("X-CityWatch-Signature"), ts, q.body(),
                        Duration.ofMinutes(5), Instant.now())).isFalse();
            }
            assertThat(hook.retries()).isEqualTo(3);
            assertThat(hook.failed()).isZero();
            assertThat(hook.dropped()).isZero();
        }
    }

    @Test
    void a400IsNotRetriedAndTheNextEventGoes() throws Exception {
        try (TestWebhookServer server = new TestWebhookServer(n -> TestWebhookServer.Answer.of(n == 1 ? 400 : 200))) {
            WebhookSender hook = start(hook(server.url("/hook"), 100, 8, Duration.ofMinutes(1), backoff(50),
                    Duration.ofSeconds(5)));
            AlertEvent first = publish(AlertType.CROWD, Severity.P2);
            AlertEvent second = publish(AlertType.INTRUSION, Severity.P1);

            // One request at a time, in order: a retry of the first would have come before the second.
            List<TestWebhookServer.Request> r = server.await(2, Duration.ofSeconds(10));
            assertThat(r).extracting(q -> q.header("X-CityWatch-Event-Id"))
                    .containsExactly(first.eventId(), second.eventId());
            waitFor("second delivered", () -> hook.delivered() == 1, Duration.ofSeconds(5));
            assertThat(hook.failed()).isEqualTo(1);
            assertThat(hook.retries()).isZero();
            assertThat(server.requests()).hasSize(2);
        }
    }

    @Test
    void retryAfterIsAFloorOnTheWait() throws Exception {
        try (TestWebhookServer server = new TestWebhookServer(n -> switch (n) {
            case 1 -> TestWebhookServer.Answer.of(429, "Retry-After", "1");
            // An HTTP-date 2 s ahead, in whole seconds: the wait is 1..2 s.
            case 2 -> TestWebhookServer.Answer.of(503, "Retry-After", DateTimeFormatter.RFC_1123_DATE_TIME.format(
                    Instant.now().plusSeconds(2).atOffset(ZoneOffset.UTC)));
            default -> TestWebhookServer.Answer.of(204);
        })) {
            WebhookSender hook = start(hook(server.url("/hook"), 100, 8, Duration.ofMinutes(1), backoff(50),
                    Duration.ofSeconds(5)));
            publish(AlertType.CONGESTION, Severity.P3);
            List<TestWebhookServer.Request> r = server.await(3, Duration.ofSeconds(15));
            assertThat(gapMs(r, 1)).as("Retry-After: 1 (the backoff alone: ~50 ms)")
                    .isBetween(1000L, 1000 + SLACK_MS);
            assertThat(gapMs(r, 2)).as("Retry-After as an HTTP-date").isBetween(950L, 2000 + SLACK_MS);
            waitFor("delivered", () -> hook.delivered() == 1, Duration.ofSeconds(5));
            assertThat(hook.retries()).isEqualTo(2);
        }
    }

    @Test
    void aStalledEndpointTimesOutAndIsRetried() throws Exception {
        try (TestWebhookServer server = new TestWebhookServer(n -> n == 1
                ? new TestWebhookServer.Answer(200, java.util.Map.of(), Duration.ofSeconds(3))
                : TestWebhookServer.Answer.of(200))) {
            WebhookSender hook = start(hook(server.url("/hook"), 100, 8, Duration.ofMinutes(1), backoff(50),
                    Duration.ofMillis(300)));
            AlertEvent e = publish(AlertType.WRONG_WAY, Severity.P1);
            List<TestWebhookServer.Request> r = server.await(2, Duration.ofSeconds(10));
            assertThat(gapMs(r, 1)).as("300 ms of silence, then ~50 ms of backoff").isBetween(300L, 350 + SLACK_MS);
            assertThat(r).extracting(q -> q.header("X-CityWatch-Event-Id")).containsOnly(e.eventId());
            waitFor("delivered on the second attempt", () -> hook.delivered() == 1, Duration.ofSeconds(5));
            assertThat(hook.retries()).isEqualTo(1);
        }
    }

    @Test
    void anEventIsGivenUpAfterMaxAttemptsOrMaxAgeAndTheNextOneGoes() throws Exception {
        try (TestWebhookServer server = new TestWebhookServer(n -> TestWebhookServer.Answer.of(503))) {
            WebhookSender hook = start(hook(server.url("/hook"), 100, 3, Duration.ofMinutes(1), backoff(50),
                    Duration.ofSeconds(5)));
            AlertEvent first = publish(AlertType.CROWD, Severity.P2);
            AlertEvent second = publish(AlertType.CROWD, Severity.P2);
            List<TestWebhookServer.Request> r = server.await(6, Duration.ofSeconds(10));
            assertThat(r).extracting(q -> q.header("X-CityWatch-Event-Id")).containsExactly(first.eventId(),
                    first.eventId(), first.eventId(), second.eventId(), second.eventId(), second.eventId());
            waitFor("both given up", () -> hook.failed() == 2, Duration.ofSeconds(5));
            assertThat(hook.retries()).isEqualTo(4);
            assertThat(hook.delivered()).isZero();
        }
        try (TestWebhookServer server = new TestWebhookServer(n -> TestWebhookServer.Answer.of(500))) {
            integrations.close();
            // 400 ms of age allowed; retries wait ~200 ms, ~400 ms: the second retry would be too late.
            WebhookSender hook = start(hook(server.url("/hook"), 100, 100, Duration.ofMillis(400), backoff(200),
                    Duration.ofSeconds(5)));
            publish(AlertType.INTRUSION, Severity.P1);
            waitFor("given up for age", () -> hook.failed() == 1, Duration.ofSeconds(5));
            assertThat(server.requests()).hasSize(2);
            assertThat(hook.retries()).isEqualTo(1);
        }
    }

    @Test
    void aFullQueueDropsTheOldestAndCountsThem() throws Exception {
        try (TestWebhookServer server = new TestWebhookServer(n -> n == 1
                ? new TestWebhookServer.Answer(200, java.util.Map.of(), Duration.ofMillis(800))
                : TestWebhookServer.Answer.of(200))) {
            WebhookSender hook = start(hook(server.url("/hook"), 3, 8, Duration.ofMinutes(1), backoff(50),
                    Duration.ofSeconds(5)));
            AlertEvent inFlight = publish(AlertType.CROWD, Severity.P2);
            server.await(1, Duration.ofSeconds(5)); // the first is with the (slow) endpoint now
            List<AlertEvent> more = new java.util.ArrayList<>();
            for (int i = 0; i < 9; i++) {
                more.add(publish(AlertType.CROWD, Severity.P2));
            }
            waitFor("6 dropped", () -> hook.dropped() == 6, Duration.ofSeconds(2));
            List<TestWebhookServer.Request> r = server.await(4, Duration.ofSeconds(10));
            assertThat(r).extracting(q -> q.header("X-CityWatch-Event-Id")).containsExactly(inFlight.eventId(),
                    more.get(6).eventId(), more.get(7).eventId(), more.get(8).eventId());
            waitFor("4 delivered", () -> hook.delivered() == 4, Duration.ofSeconds(5));
            assertThat(hook.queued()).isZero();
        }
    }

    @Test
    void onlyTheTypesAndSeveritiesAWebhookAskedFor() throws Exception {
        try (TestWebhookServer server = new TestWebhookServer(n -> TestWebhookServer.Answer.of(200))) {
            WebhookSender hook = start(WebhookSettings.of("crowds", server.url("/hook"), SECRET,
                    Set.of(AlertType.CROWD), Optional.of(Severity.P2)));
            publish(AlertType.CROWD, Severity.P3);
            publish(AlertType.INTRUSION, Severity.P1);
            AlertEvent p2 = publish(AlertType.CROWD, Severity.P2);
            AlertEvent p1 = publish(AlertType.CROWD, Severity.P1);
            List<TestWebhookServer.Request> r = server.await(2, Duration.ofSeconds(10));
            assertThat(r).extracting(q -> q.header("X-CityWatch-Event-Id")).containsExactly(p2.eventId(),
                    p1.eventId());
            waitFor("2 delivered", () -> hook.delivered() == 2, Duration.ofSeconds(5));
        }
    }

    @Test
    void neitherTheSecretNorTheUrlsTokenIsEverLogged() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (TestWebhookServer server = new TestWebhookServer(n -> TestWebhookServer.Answer.of(n == 1 ? 503 : 401))) {
            WebhookSettings refusing = hook(server.url("/hooks/T0KEN-in-the-path"), 100, 3, Duration.ofMinutes(1),
                    backoff(50), Duration.ofSeconds(5));
            WebhookSettings unreachable = new WebhookSettings("down",
                    URI.create("http://127.0.0.1:" + closedPort + "/hooks/T0KEN-in-the-path?key=T0KEN-in-the-query"),
                    SECRET, Set.of(), Optional.empty(), 100, 2, Duration.ofMinutes(1), backoff(50),
                    Duration.ofSeconds(2));
            integrations = Integrations.start(new IntegrationSettings(Optional.empty(), List.of(refusing, unreachable),
                    CapSettings.defaults()), store);
            publish(AlertType.CROWD, Severity.P1);
            waitFor("both given up", () -> integrations.webhooks().stream().allMatch(w -> w.failed() == 1),
                    Duration.ofSeconds(10));
            integrations.close();
            integrations = null;
        } finally {
            root.detachAppender(logs);
        }
        List<String> lines = logs.list.stream().map(e -> e.getFormattedMessage()
                + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy()))).toList();
        assertThat(lines).as("something was logged about the failures").anyMatch(l -> l.contains("HTTP 401 refused"))
                .anyMatch(l -> l.contains("down"));
        assertThat(lines).noneMatch(l -> l.contains(SECRET)).noneMatch(l -> l.contains("T0KEN"));
        assertThat(String.valueOf(integrations)).doesNotContain(SECRET);
    }
}
