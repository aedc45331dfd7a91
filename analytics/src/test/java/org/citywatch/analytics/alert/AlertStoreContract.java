package org.citywatch.analytics.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link AlertStore} does, run against each implementation (a subclass per store). Subscribers may be
 * called on another thread, later: the tests wait for them (with a timeout), never for a fixed time.
 */
public abstract class AlertStoreContract {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final long T0 = 1_700_000_000_000L;

    private final List<AlertStore> opened = new ArrayList<>();

    /** A new, empty store keeping at most {@code maxAlerts} alerts. */
    protected abstract AlertStore newStore(int maxAlerts) throws Exception;

    protected final AlertStore store(int maxAlerts) throws Exception {
        AlertStore s = newStore(maxAlerts);
        opened.add(s);
        return s;
    }

    @AfterEach
    void closeStores() {
        opened.forEach(AlertStore::close);
    }

    protected static AlertEvent raised(Alert a) {
        return AlertEvent.of(AlertEvent.Kind.RAISED, a, a.raisedAt());
    }

    protected static AlertEvent updated(Alert a, int persons) {
        Alert next = a.updated(a.updatedAt().plusSeconds(2), persons + " persons", a.objects(),
                Map.of("persons", persons));
        return AlertEvent.of(AlertEvent.Kind.UPDATED, next, next.updatedAt());
    }

    private static Alert variant(String camera, long millis, String district, AlertType type, Severity severity) {
        Alert a = AlertFixtures.alert(camera, millis);
        return new Alert(a.id(), 1, camera, a.cameraName(), district, type, severity, a.zoneId(), a.message(),
                a.startedAt(), a.raisedAt(), a.updatedAt(), null, AlertState.NEW, a.objects(), a.counts(),
                a.frameWidth(), a.frameHeight(), a.evidence(), a.audit());
    }

    protected static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + WAIT.toSeconds() + " s waiting for " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted waiting for " + what);
            }
        }
    }

    @Test
    void aPublishedAlertCanBeReadBack() throws Exception {
        AlertStore store = store(100);
        Alert a = AlertFixtures.alert("cam-1", T0);

        assertThat(store.publish(raised(a))).isEqualTo(PublishResult.APPLIED);

        assertThat(store.get(a.id())).contains(a);
        assertThat(store.get("01NOSUCHALERT0000000000000")).isEmpty();
        assertThat(store.recent(10)).containsExactly(a);
        assertThat(store.online()).isTrue();
    }

    @Test
    void theSameOrAnOlderVersionIsStale() throws Exception {
        AlertStore store = store(100);
        Alert v1 = AlertFixtures.alert("cam-1", T0);
        AlertEvent e2 = updated(v1, 9);
        store.publish(raised(v1));
        assertThat(store.publish(e2)).isEqualTo(PublishResult.APPLIED);

        assertThat(store.publish(AlertEvent.of(AlertEvent.Kind.UPDATED, e2.alert(), e2.at())))
                .as("same version, another event").isEqualTo(PublishResult.STALE);
        assertThat(store.publish(raised(v1))).as("older").isEqualTo(PublishResult.STALE);
        assertThat(store.get(v1.id())).contains(e2.alert());
    }

    @Test
    void queriesFilterNewestFirst() throws Exception {
        AlertStore store = store(100);
        // Made in time order: ids sort by raising time.
        Alert a = variant("cam-1", T0, "north", AlertType.CROWD, Severity.P3);
        Alert b = variant("cam-2", T0 + 1000, "south", AlertType.INTRUSION, Severity.P1);
        Alert c = variant("cam-1", T0 + 2000, "north", AlertType.CAMERA_OFFLINE, Severity.P2);
        Alert d = variant("cam-3", T0 + 3000, "south", AlertType.CROWD, Severity.P4);
        for (Alert x : List.of(a, b, c, d)) {
            store.publish(raised(x));
        }
        Alert ack = c.transitioned(new AuditEntry(c.raisedAt().plusSeconds(5), "op", AlertState.NEW,
                AlertState.ACKNOWLEDGED, "", "", ""));
        store.publish(AlertEvent.of(AlertEvent.Kind.STATE_CHANGED, ack, ack.updatedAt()));

        AlertQuery all = AlertQuery.recent(100);
        assertThat(store.query(all)).containsExactly(d, ack, b, a);
        assertThat(store.query(all.withCamera("cam-1"))).containsExactly(ack, a);
        assertThat(store.query(all.withDistrict("south"))).containsExactly(d, b);
        assertThat(store.query(all.withType(AlertType.CROWD))).containsExactly(d, a);
        assertThat(store.query(all.withMinSeverity(Severity.P2))).containsExactly(ack, b);
        assertThat(store.query(all.withState(AlertState.ACKNOWLEDGED))).containsExactly(ack);
        assertThat(store.query(all.withState(AlertState.NEW))).containsExactly(d, b, a);
        assertThat(store.query(all.between(Instant.ofEpochMilli(T0 + 1000), Instant.ofEpochMilli(T0 + 3000))))
                .as("from inclusive, to exclusive").containsExactly(ack, b);
        assertThat(store.query(all.withCamera("cam-1").withType(AlertType.CROWD))).containsExactly(a);
        assertThat(store.query(all.withCamera("cam-9"))).isEmpty();
        assertThat(store.query(AlertQuery.recent(2))).containsExactly(d, ack);
    }

    @Test
    void pagesFollowEachOtherWithBeforeId() throws Exception {
        AlertStore store = store(1000);
        List<Alert> alerts = new ArrayList<>();
        for (int i = 0; i < 450; i++) { // more than one Redis scan batch
            Alert a = AlertFixtures.alert("cam-" + (i % 4), T0 + i * 1000L);
            alerts.add(a);
            store.publish(raised(a));
        }
        List<Alert> seen = new ArrayList<>();
        String before = null;
        List<Integer> sizes = new ArrayList<>();
        while (true) {
            List<Alert> page = store.query(AlertQuery.recent(100).before(before));
            if (page.isEmpty()) {
                break;
            }
            sizes.add(page.size());
            seen.addAll(page);
            before = page.getLast().id();
        }
        assertThat(sizes).containsExactly(100, 100, 100, 100, 50);
        assertThat(seen).containsExactlyElementsOf(alerts.reversed());

        // A filter that matches one alert in four, paged: each page still full.
        List<Alert> cam2 = store.query(AlertQuery.recent(30).withCamera("cam-2"));
        List<Alert> next = store.query(AlertQuery.recent(30).withCamera("cam-2").before(cam2.getLast().id()));
        List<Alert> expected = alerts.reversed().stream().filter(a -> a.cameraId().equals("cam-2")).toList();
        assertThat(cam2).containsExactlyElementsOf(expected.subList(0, 30));
        assertThat(next).containsExactlyElementsOf(expected.subList(30, 60));
    }

    @Test
    void subscribersHearEveryAppliedEventInPublishOrder() throws Exception {
        AlertStore store = store(100);
        List<AlertEvent> heard = new CopyOnWriteArrayList<>();
        store.subscribe(heard::add);
        List<AlertEvent> published = new ArrayList<>();
        List<Alert> latest = new ArrayList<>();
        for (int c = 0; c < 3; c++) {
            latest.add(AlertFixtures.alert("cam-" + c, T0 + c));
            published.add(raised(latest.get(c)));
        }
        for (int i = 0; i < 27; i++) {
            AlertEvent e = updated(latest.get(i % 3), i);
            latest.set(i % 3, e.alert());
            published.add(e);
        }
        for (AlertEvent e : published) {
            assertThat(store.publish(e)).isEqualTo(PublishResult.APPLIED);
        }
        assertThat(store.publish(published.get(5))).isEqualTo(PublishResult.STALE); // not heard

        await("30 events", () -> heard.size() >= 30);
        assertThat(heard).containsExactlyElementsOf(published);
    }

    @Test
    void anUnsubscribedListenerHearsNothingMore() throws Exception {
        AlertStore store = store(100);
        List<AlertEvent> gone = new CopyOnWriteArrayList<>();
        List<AlertEvent> stays = new CopyOnWriteArrayList<>();
        AutoCloseable handle = store.subscribe(gone::add);
        store.subscribe(stays::add);
        AlertEvent first = raised(AlertFixtures.alert("cam-1", T0));
        store.publish(first);
        await("the first event", () -> stays.size() == 1 && gone.size() == 1);

        handle.close();
        AlertEvent second = raised(AlertFixtures.alert("cam-1", T0 + 1000));
        store.publish(second);
        await("the second event", () -> stays.size() == 2);

        assertThat(stays).containsExactly(first, second);
        assertThat(gone).containsExactly(first);
    }

    @Test
    void keepsTheNewestAlertsUpToItsBound() throws Exception {
        AlertStore store = store(5);
        Alert old = AlertFixtures.alert("cam-1", T0 - 100_000); // made first: ids never go back in time
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Alert a = AlertFixtures.alert("cam-" + (i % 3), T0 + i * 1000L);
            ids.add(a.id());
            assertThat(store.publish(raised(a))).isEqualTo(PublishResult.APPLIED);
        }
        assertThat(store.recent(100)).extracting(Alert::id).containsExactlyElementsOf(ids.subList(7, 12).reversed());
        assertThat(store.get(ids.getFirst())).isEmpty();
        assertThat(store.publish(raised(old))).as("older than everything kept").isEqualTo(PublishResult.STALE);
        Alert kept = store.get(ids.get(8)).orElseThrow();
        assertThat(store.publish(updated(kept, 3))).as("a kept alert still changes").isEqualTo(PublishResult.APPLIED);
        assertThat(store.recent(100)).hasSize(5);
    }

    @Test
    void aWriterRedoesItsChangeOnTheStoredVersion() throws Exception {
        AlertStore store = store(100);
        Alert v1 = AlertFixtures.alert("cam-1", T0);
        store.publish(raised(v1));
        // Another node's analytics updated the figures meanwhile: this writer's copy (v1) is behind.
        store.publish(updated(v1, 11));
        AuditEntry ack = new AuditEntry(v1.raisedAt().plusSeconds(9), "op-7", AlertState.NEW,
                AlertState.ACKNOWLEDGED, "on screen", "", "");

        Alert written = AlertWriter.apply(store, v1, AlertEvent.Kind.STATE_CHANGED, ack.at(),
                a -> a.transitioned(ack));

        assertThat(written.version()).isEqualTo(3);
        assertThat(written.state()).isEqualTo(AlertState.ACKNOWLEDGED);
        assertThat(written.counts()).as("the other writer's change is kept").containsEntry("persons", 11);
        assertThat(store.get(v1.id())).contains(written);
    }
}
