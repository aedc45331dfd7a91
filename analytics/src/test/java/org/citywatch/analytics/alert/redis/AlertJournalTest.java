package org.citywatch.analytics.alert.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.citywatch.analytics.alert.Alert;
import org.citywatch.analytics.alert.AlertEvent;
import org.citywatch.analytics.alert.AlertFixtures;
import org.citywatch.analytics.alert.AlertQuery;
import org.citywatch.analytics.alert.PublishResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal alone: no Redis, the replay goes into a list. */
class AlertJournalTest {

    private final AlertEventCodec codec = new AlertEventCodec();

    @TempDir
    Path dir;

    /** {@code n} events: one alert per camera of 3, each next event its next version. */
    private List<AlertEvent> events(int n) {
        List<Alert> alerts = new ArrayList<>();
        for (int c = 0; c < 3; c++) {
            alerts.add(AlertFixtures.alert("cam-" + c, 1_700_000_000_000L + c));
        }
        List<AlertEvent> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Alert a = alerts.get(i % 3);
            if (i >= 3) {
                a = a.updated(a.updatedAt().plusSeconds(1), "update " + i, a.objects(), a.counts());
                alerts.set(i % 3, a);
            }
            out.add(AlertEvent.of(i < 3 ? AlertEvent.Kind.RAISED : AlertEvent.Kind.UPDATED, a, a.updatedAt()));
        }
        return out;
    }

    private AlertJournal open(long maxBytes) throws IOException {
        return AlertJournal.open(dir, maxBytes, 100, codec);
    }

    @Test
    void replaysInOrderThenEmptiesItself() throws IOException {
        List<AlertEvent> events = events(600); // more than one replay batch
        try (AlertJournal j = open(1 << 20)) {
            assertThat(j.isEmpty()).isTrue();
            assertThat(j.addIfPending(events.getFirst(), codec.encode(events.getFirst()))).as("empty: go to Redis")
                    .isNull();
            for (AlertEvent e : events) {
                assertThat(j.add(e, codec.encode(e))).isEqualTo(PublishResult.JOURNALLED);
            }
            assertThat(j.get(events.getLast().alert().id())).contains(events.getLast().alert());
            assertThat(j.query(AlertQuery.recent(10))).hasSize(3);

            List<String> replayed = new ArrayList<>();
            AlertJournal.Replayed r = j.replay((e, json) -> replayed.add(e.eventId()));

            assertThat(replayed).containsExactlyElementsOf(events.stream().map(AlertEvent::eventId).toList());
            assertThat(r).isEqualTo(new AlertJournal.Replayed(600, 0, 0, true));
            assertThat(j.isEmpty()).isTrue();
            assertThat(j.pendingBytes()).isZero();
            assertThat(Files.size(dir.resolve(JournalFile.NAME))).isZero();
            assertThat(j.get(events.getLast().alert().id())).as("the local view is cleared").isEmpty();
        }
    }

    @Test
    void aReplayThatFailsResumesAtTheSameEvent() throws IOException {
        List<AlertEvent> events = events(10);
        try (AlertJournal j = open(1 << 20)) {
            for (AlertEvent e : events) {
                j.add(e, codec.encode(e));
            }
            List<String> replayed = new ArrayList<>();
            assertThatThrownBy(() -> j.replay((e, json) -> {
                if (replayed.size() == 4) {
                    throw new IllegalStateException("Redis went away");
                }
                return replayed.add(e.eventId());
            })).hasMessage("Redis went away");
            assertThat(j.isEmpty()).isFalse();
            assertThat(j.addIfPending(events.getFirst(), "{}")).as("not empty: journal, and the same version is stale")
                    .isEqualTo(PublishResult.STALE);

            j.replay((e, json) -> replayed.add(e.eventId()));

            assertThat(replayed).containsExactlyElementsOf(events.stream().map(AlertEvent::eventId).toList());
            assertThat(j.isEmpty()).isTrue();
        }
    }

    @Test
    void whenFullNewEventsAreRefusedAndTheJournalledOnesKept() throws IOException {
        List<AlertEvent> events = events(50);
        int lineBytes = codec.encode(events.getFirst()).getBytes(StandardCharsets.UTF_8).length + 1;
        try (AlertJournal j = open(lineBytes * 10L + lineBytes / 2)) {
            int kept = 0;
            List<String> refusedIds = new ArrayList<>();
            for (AlertEvent e : events) {
                try {
                    j.add(e, codec.encode(e));
                    kept++;
                } catch (AlertJournalFullException ex) {
                    refusedIds.add(e.eventId());
                    assertThat(ex).hasMessageContaining("journal is full").hasMessageContaining(e.eventId());
                }
            }
            assertThat(kept).isBetween(9, 10); // later lines are a digit or two longer
            assertThat(j.refused()).isEqualTo(refusedIds.size()).isEqualTo(50 - kept);

            List<String> replayed = new ArrayList<>();
            j.replay((e, json) -> replayed.add(e.eventId()));
            assertThat(replayed).containsExactlyElementsOf(
                    events.subList(0, kept).stream().map(AlertEvent::eventId).toList());
        }
    }

    @Test
    void survivesARestartAndDropsALineCutShort() throws IOException {
        List<AlertEvent> events = events(5);
        try (AlertJournal j = open(1 << 20)) {
            for (AlertEvent e : events) {
                j.add(e, codec.encode(e));
            }
        }
        // A power cut in the middle of the next line.
        Files.writeString(dir.resolve(JournalFile.NAME), "{\"eventId\":\"01J", StandardOpenOption.APPEND);

        try (AlertJournal j = open(1 << 20)) {
            assertThat(j.isEmpty()).isFalse();
            assertThat(j.get(events.get(3).alert().id())).as("shown again at once").contains(events.get(3).alert());
            List<String> replayed = new ArrayList<>();
            j.replay((e, json) -> replayed.add(e.eventId()));
            assertThat(replayed).containsExactlyElementsOf(events.stream().map(AlertEvent::eventId).toList());
        }
    }

    @Test
    void aMalformedLineIsSkippedNotReplayed() throws IOException {
        List<AlertEvent> events = events(2);
        Files.writeString(dir.resolve(JournalFile.NAME), codec.encode(events.get(0)) + "\n{garbage\n"
                + codec.encode(events.get(1)) + "\n");
        try (AlertJournal j = open(1 << 20)) {
            List<String> replayed = new ArrayList<>();
            AlertJournal.Replayed r = j.replay((e, json) -> replayed.add(e.eventId()));
            assertThat(replayed).containsExactly(events.get(0).eventId(), events.get(1).eventId());
            assertThat(r.malformed()).isEqualTo(1);
        }
    }

    @Test
    void oneDirectoryServesOneStore() throws IOException {
        try (AlertJournal j = open(1 << 20)) {
            assertThatThrownBy(() -> open(1 << 20)).isInstanceOf(IOException.class).hasMessageContaining("in use");
        }
    }
}
