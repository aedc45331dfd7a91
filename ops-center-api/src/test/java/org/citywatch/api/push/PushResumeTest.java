package org.citywatch.api.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.citywatch.analytics.alert.AlertType;
import org.citywatch.analytics.alert.Severity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Reconnecting with the id of the last event seen, over real WebSocket and SSE connections. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class PushResumeTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private PushTestServer server;
    private Vertx clients;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void clients() {
        clients = Vertx.vertx();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        clients.close().await(10, TimeUnit.SECONDS);
        if (server != null) {
            server.close();
        }
    }

    private WsTestClient ws(String query) throws Exception {
        WsTestClient c = WsTestClient.connect(clients, server.port, "/ws/alerts" + query);
        open.add(c);
        return c;
    }

    private List<String> publish(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(server.publish(TestAlerts.raised("cam-" + i % 3, "District 1", AlertType.CROWD, Severity.P2))
                    .eventId());
        }
        return ids;
    }

    private void awaitClients(Transport t, int n) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (server.hub.clients(t) != n) {
            assertThat(System.nanoTime()).as("%d %s client(s) in time", n, t).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    @Test
    void aWebSocketClientResumingWithSinceGetsExactlyWhatItMissedInOrderThenLiveEvents() throws Exception {
        server = new PushTestServer();
        WsTestClient first = ws("");
        awaitClients(Transport.WS, 1);
        List<String> seen = publish(5);
        assertThat(first.take(5, WAIT)).extracting(WsTestClient.Received::eventId).containsExactlyElementsOf(seen);
        first.close();
        awaitClients(Transport.WS, 0);

        List<String> missed = publish(7);
        WsTestClient again = ws("?since=" + seen.getLast());
        assertThat(again.take(7, WAIT)).extracting(WsTestClient.Received::eventId).containsExactlyElementsOf(missed);
        List<String> live = publish(2);
        assertThat(again.take(2, WAIT)).extracting(WsTestClient.Received::eventId).containsExactlyElementsOf(live);
        assertThat(again.messages).as("nothing twice").isEmpty();
    }

    @Test
    void aResumeFilteredByTypeReplaysOnlyWhatTheFilterTakes() throws Exception {
        server = new PushTestServer();
        String since = publish(1).getFirst();
        String crowd = server.publish(TestAlerts.raised("cam-1", "District 1", AlertType.CROWD, Severity.P2)).eventId();
        server.publish(TestAlerts.raised("cam-1", "District 1", AlertType.LOITERING, Severity.P2));
        String crowd2 = server.publish(TestAlerts.raised("cam-2", "District 2", AlertType.CROWD, Severity.P4))
                .eventId();
        WsTestClient c = ws("?type=CROWD&since=" + since);
        assertThat(c.take(2, WAIT)).extracting(WsTestClient.Received::eventId).containsExactly(crowd, crowd2);
    }

    @Test
    void anIdOlderThanTheRingGetsWhatIsHeldThenAGapMessage() throws Exception {
        server = new PushTestServer(PushSettings.defaults().withReplay(5, Duration.ofMinutes(15)));
        List<String> ids = publish(12);
        WsTestClient c = ws("?since=" + ids.get(2));
        List<WsTestClient.Received> got = c.take(6, WAIT);
        assertThat(got.subList(0, 5)).extracting(WsTestClient.Received::eventId)
                .containsExactlyElementsOf(ids.subList(7, 12));
        WsTestClient.Received gap = got.get(5);
        assertThat(gap.type()).isEqualTo("gap");
        assertThat(gap.eventId()).as("where to resume from: the newest event held").isEqualTo(ids.getLast());
        assertThat(gap.json().get("message").asText()).startsWith("events before ")
                .endsWith(" are gone; reload /api/alerts");

        // Resuming from the gap's id is exact again.
        c.close();
        List<String> more = publish(2);
        WsTestClient again = ws("?since=" + gap.eventId());
        assertThat(again.take(2, WAIT)).extracting(WsTestClient.Received::eventId).containsExactlyElementsOf(more);
    }

    @Test
    void anIdFromBeforeTheServerStartedIsAGapEvenWithNothingEvicted() throws Exception {
        server = new PushTestServer();
        List<String> ids = publish(3);
        String ofAnEarlierProcess = EventIds.floor(System.currentTimeMillis() - 3_600_000).substring(0, 10)
                + "0000000000000001";
        WsTestClient c = ws("?since=" + ofAnEarlierProcess);
        List<WsTestClient.Received> got = c.take(4, WAIT);
        assertThat(got.subList(0, 3)).extracting(WsTestClient.Received::eventId).containsExactlyElementsOf(ids);
        assertThat(got.get(3).type()).isEqualTo("gap");
    }

    @Test
    void anSseClientResumesFromLastEventIdWhichWinsOverSince() throws Exception {
        server = new PushTestServer();
        SseTestClient first = SseTestClient.connect(clients, server.port, "/api/events", Map.of());
        open.add(first);
        awaitClients(Transport.SSE, 1);
        List<String> seen = publish(3);
        assertThat(first.take(3, WAIT)).extracting(SseTestClient.Frame::id).containsExactlyElementsOf(seen);
        first.close();
        awaitClients(Transport.SSE, 0);

        List<String> missed = publish(4);
        // As EventSource reconnects: the URL it was first given (since = the first id) and the id it saw last.
        SseTestClient again = SseTestClient.connect(clients, server.port, "/api/events?since=" + seen.getFirst(),
                Map.of("Last-Event-ID", seen.getLast()));
        open.add(again);
        List<SseTestClient.Frame> got = again.take(4, WAIT);
        assertThat(got).extracting(SseTestClient.Frame::id).containsExactlyElementsOf(missed);
        assertThat(got).extracting(SseTestClient.Frame::event).containsOnly("alert");
        assertThat(got.getFirst().json().at("/alert/cameraId").asText()).isEqualTo("cam-0");
    }

    @Test
    void aLongReplayIsPacedByTheClientsQueueNotDropped() throws Exception {
        // 16 KiB of queue and 2,000 events of about 1.4 KB: the replay must wait for the socket, not overflow it.
        server = new PushTestServer(PushSettings.defaults().withClientQueueBytes(16 * 1024));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            ids.add(server.publish(TestAlerts.raised("cam-" + i % 7, "District 1", AlertType.CROWD, Severity.P2, 8))
                    .eventId());
        }
        WsTestClient c = ws("?since=" + ids.getFirst());
        assertThat(c.take(1999, Duration.ofSeconds(30))).extracting(WsTestClient.Received::eventId)
                .containsExactlyElementsOf(ids.subList(1, 2000));
        String live = server.publish(TestAlerts.raised("cam-1", "District 1", AlertType.CROWD, Severity.P2)).eventId();
        assertThat(c.next(WAIT).eventId()).isEqualTo(live);
        assertThat(server.hub.droppedClients(Transport.WS)).isZero();
        assertThat(server.hub.messagesReplayed()).isEqualTo(1999);

        // The same over Server-Sent Events, paced by the response's write queue.
        SseTestClient sse = SseTestClient.connect(clients, server.port, "/api/events",
                Map.of("Last-Event-ID", ids.getFirst()));
        open.add(sse);
        List<String> expected = new ArrayList<>(ids.subList(1, 2000));
        expected.add(live);
        assertThat(sse.take(2000, Duration.ofSeconds(30))).extracting(SseTestClient.Frame::id)
                .containsExactlyElementsOf(expected);
        assertThat(server.hub.droppedClients(Transport.SSE)).isZero();
    }
}
