package org.citywatch.api.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.citywatch.analytics.alert.Alert;
import org.citywatch.analytics.alert.AlertEvent;
import org.citywatch.analytics.alert.AlertIds;
import org.citywatch.analytics.alert.AlertType;
import org.citywatch.analytics.alert.InMemoryAlertStore;
import org.citywatch.analytics.alert.Severity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The open-alert figure: read from the store at most once per max age, whoever asks; failures are not kept. */
class OpenAlertCountTest {

    private final Vertx vertx = Vertx.vertx();
    private final GatedAlertStore store = new GatedAlertStore(new InMemoryAlertStore());
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final OpenAlertCount open = new OpenAlertCount(store, new BlockingCalls(vertx, "test-store", 1, 8),
            Duration.ofSeconds(3), now::get);

    @AfterEach
    void close() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private AlertEvent raise() {
        Instant at = Instant.now();
        AlertEvent e = AlertEvent.of(AlertEvent.Kind.RAISED, Alert.raised(AlertIds.next(at.toEpochMilli()), "cam-1",
                "Camera 1", "District 1", AlertType.CROWD, Severity.P2, "zone", "crowd", at, at, List.of(),
                Map.of(), 640, 480), at);
        store.publish(e);
        return e;
    }

    private long count() throws Exception {
        return open.get().await(10, TimeUnit.SECONDS);
    }

    private void later(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void theStoreIsReadOncePerMaxAgeHoweverOftenDashboardsAsk() throws Exception {
        raise();
        AlertEvent ends = raise();
        store.publish(AlertEvent.of(AlertEvent.Kind.ENDED, ends.alert().ended(Instant.now()), Instant.now()));
        assertThat(count()).isEqualTo(1);
        assertThat(store.reads).hasValue(1);

        raise();
        for (int i = 0; i < 5; i++) { // dashboards polling within the max age
            later(Duration.ofMillis(500));
            assertThat(count()).as("cached").isEqualTo(1);
        }
        assertThat(store.reads).hasValue(1);

        later(Duration.ofMillis(500)); // 3 s since the read
        assertThat(count()).as("read afresh").isEqualTo(2);
        assertThat(store.reads).hasValue(2);
    }

    @Test
    void requestsWhileAReadIsUnderWayShareItAndAFailedReadIsNotKept() throws Exception {
        raise();
        store.hold();
        var first = open.get();
        assertThat(store.entered.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
        later(Duration.ofSeconds(10)); // however long the store takes
        assertThat(open.get()).as("the read under way").isSameAs(first);
        store.release();
        assertThat(first.await(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(store.reads).hasValue(1);

        later(Duration.ofSeconds(3));
        store.failReads(new RuntimeException("store down"));
        assertThat(catchThrowable(this::count)).hasMessageContaining("store down");
        store.failReads(null);
        assertThat(count()).as("the next request reads again").isEqualTo(1);
        assertThat(store.reads).hasValue(3);
    }
}
