package org.citywatch.analytics.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskEvidenceStoreTest {

    @TempDir
    Path dir;

    /** Ahead of the real clock: alert ids are monotonic in a process, so an id "for an earlier time" must be later
     * than every id already made. */
    private static final Instant NOW = Instant.now().plus(Duration.ofDays(1));
    private static final Instant LATER = NOW.plus(Duration.ofDays(1));

    @Test
    void pastTheByteBoundTheOldestAlertsEvidenceGoesFirst() throws Exception {
        DiskEvidenceStore store = new DiskEvidenceStore(dir, 2_500, Duration.ofDays(7), Clock.fixed(NOW, ZoneOffset.UTC));
        String a = AlertIds.next(NOW.toEpochMilli() - 3000);
        String b = AlertIds.next(NOW.toEpochMilli() - 2000);
        String c = AlertIds.next(NOW.toEpochMilli() - 1000);
        store.put(a, EvidenceStore.Kind.SNAPSHOT, new byte[1000]);
        store.put(b, EvidenceStore.Kind.SNAPSHOT, new byte[1000]);
        assertThat(store.find(a, EvidenceStore.Kind.SNAPSHOT)).isPresent();
        store.put(c, EvidenceStore.Kind.SNAPSHOT, new byte[1000]);
        assertThat(store.find(a, EvidenceStore.Kind.SNAPSHOT)).isEmpty();
        assertThat(store.find(b, EvidenceStore.Kind.SNAPSHOT)).isPresent();
        assertThat(store.find(c, EvidenceStore.Kind.SNAPSHOT)).isPresent();
        assertThat(store.bytes()).isEqualTo(2000);
        assertThat(Files.exists(dir.resolve(a))).isFalse();

        // A clip written to a temporary file and moved in; a restarted store knows the sizes on disk.
        Path tmp = store.newTempFile(c, EvidenceStore.Kind.CLIP);
        Files.write(tmp, new byte[300]);
        store.putFile(c, EvidenceStore.Kind.CLIP, tmp);
        assertThat(store.find(c, EvidenceStore.Kind.CLIP)).isPresent();
        DiskEvidenceStore again = new DiskEvidenceStore(dir, 2_500, Duration.ofDays(7), Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(again.bytes()).isEqualTo(2300);
    }

    @Test
    void evidenceOlderThanTheMaximumAgeGoesAndIdsCannotEscapeTheDirectory() throws Exception {
        DiskEvidenceStore store = new DiskEvidenceStore(dir, 1_000_000, Duration.ofHours(1),
                Clock.fixed(LATER, ZoneOffset.UTC));
        String old = AlertIds.next(LATER.toEpochMilli() - Duration.ofHours(2).toMillis());
        String recent = AlertIds.next(LATER.toEpochMilli() - 1000);
        store.put(old, EvidenceStore.Kind.SNAPSHOT, new byte[10]);
        store.put(recent, EvidenceStore.Kind.SNAPSHOT, new byte[10]);
        assertThat(store.find(old, EvidenceStore.Kind.SNAPSHOT)).isEmpty();
        assertThat(store.find(recent, EvidenceStore.Kind.SNAPSHOT)).isPresent();
        assertThat(store.find("../../etc", EvidenceStore.Kind.SNAPSHOT)).isEmpty();
        assertThatThrownBy(() -> store.put("../x", EvidenceStore.Kind.SNAPSHOT, new byte[1]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
