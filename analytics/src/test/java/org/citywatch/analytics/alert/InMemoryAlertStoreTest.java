package org.citywatch.analytics.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What only the embedded store does (the shared behaviour is in the store contract tests). */
class InMemoryAlertStoreTest {

    @Test
    void keepsTheNewestAlertsUpToItsBound() {
        InMemoryAlertStore store = new InMemoryAlertStore(5);
        Alert old = AlertFixtures.alert("cam-1", 1_600_000_000_000L); // made first: ids never go back in time
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Alert a = AlertFixtures.alert("cam-" + (i % 3), 1_700_000_000_000L + i * 1000L);
            ids.add(a.id());
            assertThat(store.publish(AlertEvent.of(AlertEvent.Kind.RAISED, a, a.raisedAt())))
                    .isEqualTo(PublishResult.APPLIED);
        }
        assertThat(store.recent(100)).extracting(Alert::id).containsExactlyElementsOf(ids.subList(7, 12).reversed());
        assertThat(store.get(ids.get(0))).isEmpty();
        assertThat(store.publish(AlertEvent.of(AlertEvent.Kind.RAISED, old, old.raisedAt())))
                .as("older than everything kept").isEqualTo(PublishResult.STALE);
    }
}
