package org.citywatch.api.integrations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.citywatch.analytics.alert.AlertEvent;
import org.citywatch.analytics.alert.AlertType;
import org.citywatch.analytics.alert.InMemoryAlertStore;
import org.citywatch.analytics.alert.Severity;
import org.citywatch.api.server.AlertEventJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The MQTT publisher against real Mosquitto brokers: the machine's own on 127.0.0.1:1883 for the topics and payloads
 * (each run under a prefix of its own, so parallel runs do not collide), and one started by the test for outages.
 * Events go through a real alert store, as in the app.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class MqttPublisherTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Backoff FAST_RECONNECT = new Backoff(Duration.ofMillis(100), Duration.ofMillis(400));

    private static String prefix() {
        return "citywatch-test-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static IntegrationSettings mqttOnly(MqttSettings m) {
        return new IntegrationSettings(Optional.of(m), List.of(), CapSettings.defaults());
    }

    @Test
    void eachEventArrivesOnItsCameraAndTypeTopicWithTheWebSocketJson() throws Exception {
        String prefix = prefix();
        MqttSettings settings = MqttSettings.of("tcp://127.0.0.1:1883", prefix, 1, null, Optional.empty(),
                Optional.empty(), 100);
        try (MqttTestSubscriber sub = new MqttTestSubscriber("sub-" + prefix, false)
                .connect(1883, prefix + "/alerts/#");
             InMemoryAlertStore store = new InMemoryAlertStore();
             Integrations integrations = Integrations.start(mqttOnly(settings), store)) {
            MqttPublisher mqtt = integrations.mqtt().orElseThrow();
            waitFor("connected to the machine's broker", mqtt::connected, Duration.ofSeconds(10));

            AlertEvent crowd = TestAlerts.raisedEvent("cam-001", AlertType.CROWD, Severity.P2);
            AlertEvent intrusion = TestAlerts.raisedEvent("cam-002", AlertType.INTRUSION, Severity.P1);
            AlertEvent crowdEnded = TestAlerts.ended(crowd);
            List.of(crowd, intrusion, crowdEnded).forEach(store::publish);

            List<MqttTestSubscriber.Received> got = sub.await(3, Duration.ofSeconds(10));
            assertThat(got).extracting(MqttTestSubscriber.Received::topic).containsExactly(
                    prefix + "/alerts/cam-001/CROWD", prefix + "/alerts/cam-002/INTRUSION",
                    prefix + "/alerts/cam-001/CROWD");
            // Byte for byte what the WebSocket pushes.
            assertThat(got).extracting(MqttTestSubscriber.Received::payload).containsExactly(
                    AlertEventJson.of(crowd), AlertEventJson.of(intrusion), AlertEventJson.of(crowdEnded));
            JsonNode last = JSON.readTree(got.get(2).payload());
            assertThat(last.get("type").asText()).isEqualTo("alert");
            assertThat(last.get("event").asText()).isEqualTo("ENDED");
            assertThat(last.get("eventId").asText()).isEqualTo(crowdEnded.eventId());
            assertThat(last.get("alert").get("id").asText()).isEqualTo(crowd.alert().id());
            assertThat(got).allSatisfy(r -> {
                assertThat(r.retained()).as("not retained").isFalse();
                assertThat(r.qos()).isEqualTo(MqttQoS.AT_LEAST_ONCE);
            });
            waitFor("3 acknowledged", () -> mqtt.published() == 3, Duration.ofSeconds(5));
            assertThat(mqtt.dropped()).isZero();
            assertThat(sub.drain(Duration.ofMillis(300))).as("nothing more (no duplicates)").isEmpty();
        }
    }

    @Test
    void brokerDownAtStartAndLaterQueuesUpToTheBoundAndDeliversTheNewestAfterReconnecting() throws Exception {
        String prefix = prefix();
        String filter = prefix + "/alerts/#";
        try (MosquittoProcess broker = MosquittoProcess.create();
             MqttTestSubscriber sub = new MqttTestSubscriber("sub-" + prefix, true);
             InMemoryAlertStore store = new InMemoryAlertStore()) {
            // The subscriber's persistent session must exist before the outage, so that the broker, once back,
            // keeps for it what the publisher flushes while it is still reconnecting itself.
            broker.start();
            sub.connect(broker.port(), filter);
            sub.disconnect();
            broker.stop();

            MqttSettings settings = MqttSettings.of("tcp://127.0.0.1:" + broker.port(), prefix, 1, null,
                    Optional.empty(), Optional.empty(), 5).withReconnect(FAST_RECONNECT);
            try (Integrations integrations = Integrations.start(mqttOnly(settings), store)) {
                MqttPublisher mqtt = integrations.mqtt().orElseThrow();
                List<AlertEvent> sent = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    AlertEvent e = TestAlerts.raisedEvent("cam-" + i, AlertType.CROWD, Severity.P3);
                    sent.add(e);
                    store.publish(e);
                }
                assertThat(mqtt.connected()).isFalse();
                waitFor("3 dropped, 5 queued", () -> mqtt.dropped() == 3 && mqtt.queued() == 5,
                        Duration.ofSeconds(5));

                broker.start();
                waitFor("the 5 queued published after the broker came back", () -> mqtt.published() == 5,
                        Duration.ofSeconds(15));
                sub.connect(broker.port(), filter);
                List<MqttTestSubscriber.Received> got = sub.await(5, Duration.ofSeconds(10));
                assertThat(got).extracting(r -> eventId(r.payload())).as("the newest five, in order")
                        .containsExactlyElementsOf(sent.subList(3, 8).stream().map(AlertEvent::eventId).toList());
                assertThat(got.get(0).topic()).isEqualTo(prefix + "/alerts/cam-3/CROWD");

                // A second outage while running: the connection is lost, events wait, and go out when it is back.
                sub.disconnect();
                broker.stop();
                waitFor("the loss noticed", () -> !mqtt.connected(), Duration.ofSeconds(10));
                AlertEvent during = TestAlerts.raisedEvent("cam-x", AlertType.LOITERING, Severity.P4);
                store.publish(during);
                broker.start();
                waitFor("published after the second outage", () -> mqtt.published() == 6, Duration.ofSeconds(15));
                assertThat(mqtt.connected()).isTrue();
                sub.connect(broker.port(), filter);
                List<MqttTestSubscriber.Received> later = sub.await(1, Duration.ofSeconds(10));
                assertThat(later).extracting(MqttTestSubscriber.Received::topic)
                        .containsExactly(prefix + "/alerts/cam-x/LOITERING");
                assertThat(eventId(later.get(0).payload())).isEqualTo(during.eventId());
                assertThat(mqtt.dropped()).isEqualTo(3);
            }
        }
    }

    @Test
    void aDeadBrokerNeverSlowsTheStoreThread() throws Exception {
        // Nothing listens on this port: every event is queued, the oldest dropped, and publish() returns at once.
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        MqttSettings settings = MqttSettings.of("tcp://127.0.0.1:" + port, prefix(), 1, null, Optional.empty(),
                Optional.empty(), 1000).withReconnect(FAST_RECONNECT);
        try (InMemoryAlertStore store = new InMemoryAlertStore(100_000);
             Integrations integrations = Integrations.start(mqttOnly(settings), store)) {
            MqttPublisher mqtt = integrations.mqtt().orElseThrow();
            List<AlertEvent> events = new ArrayList<>();
            for (int i = 0; i < 20_000; i++) {
                events.add(TestAlerts.raisedEvent("cam-" + (i % 50), AlertType.CROWD, Severity.P3));
            }
            long t0 = System.nanoTime();
            events.forEach(store::publish);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertThat(ms).as("20,000 events through the store with the broker down").isLessThan(3_000);
            assertThat(mqtt.dropped()).isEqualTo(19_000);
            assertThat(mqtt.queued()).isEqualTo(1000);
            assertThat(mqtt.published()).isZero();
        }
    }

    private static String eventId(String payload) {
        try {
            return JSON.readTree(payload).get("eventId").asText();
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + payload, e);
        }
    }

    static void waitFor(String what, BooleanSupplier condition, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + within.toMillis() + " ms: " + what);
            }
            Thread.sleep(10);
        }
    }
}
