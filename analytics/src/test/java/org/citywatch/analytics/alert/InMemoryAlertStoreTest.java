package org.citywatch.analytics.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryAlertStoreTest {

    private static Alert alert(int n) {
        return new Alert(AlertIds.next(1_700_000_000_000L + n), "cam-" + (n % 3), "Camera", AlertType.CROWD,
                Severity.P3, Instant.EPOCH, Instant.EPOCH, "crowd " + n, List.of(), 640, 480);
    }

    @Test
    void keepsTheNewestAlertsFirstWithinItsBound() {
        InMemoryAlertStore store = new InMemoryAlertStore(5, 1_000_000);
        List<Alert> added = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Alert a = alert(i);
            added.add(a);
            store.add(a, new byte[] {1, 2, 3});
        }
        assertThat(store.recent(100)).extracting(Alert::message)
                .containsExactly("crowd 7", "crowd 6", "crowd 5", "crowd 4", "crowd 3");
        assertThat(store.recent(2)).hasSize(2);
        assertThat(store.get(added.get(0).id())).isEmpty();
        assertThat(store.snapshot(added.get(0).id())).as("evicted with its alert").isEmpty();
        assertThat(store.get(added.get(7).id())).contains(added.get(7));
    }

    @Test
    void snapshotsAreBoundedByBytesOldestFirst() {
        InMemoryAlertStore store = new InMemoryAlertStore(100, 1000);
        List<Alert> added = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Alert a = alert(i);
            added.add(a);
            store.add(a, new byte[400]);
        }
        assertThat(store.snapshot(added.get(4).id())).isPresent();
        assertThat(store.snapshot(added.get(3).id())).isPresent();
        assertThat(store.snapshot(added.get(2).id())).isEmpty();
        assertThat(store.recent(100)).as("alerts stay when only their snapshot is evicted").hasSize(5);
    }

    @Test
    void subscribersHearEveryNewAlertAndAFailingOneDoesNotStopTheOthers() throws Exception {
        InMemoryAlertStore store = new InMemoryAlertStore();
        List<String> heard = new ArrayList<>();
        store.subscribe(a -> { throw new IllegalStateException("broken listener"); });
        AutoCloseable sub = store.subscribe(a -> heard.add(a.message()));
        store.add(alert(1), null);
        store.add(alert(2), null);
        sub.close();
        store.add(alert(3), null);
        assertThat(heard).containsExactly("crowd 1", "crowd 2");
    }

    @Test
    void idsSortByCreationTimeAndAreUnique() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            ids.add(AlertIds.next(1_700_000_000_000L + i / 10));
        }
        assertThat(ids).doesNotHaveDuplicates().isSorted();
        assertThat(ids.get(0)).hasSize(26).matches("[0-9A-HJKMNP-TV-Z]{26}");
    }
}
