package org.citywatch.analytics.alert.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.citywatch.analytics.alert.Alert;
import org.citywatch.analytics.alert.AlertEvent;
import org.citywatch.analytics.alert.AlertFixtures;
import org.citywatch.analytics.alert.AlertQuery;
import org.citywatch.analytics.alert.PublishResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only the Redis store does: several nodes, malformed entries, outages, the journal, its bounds. */
class RedisAlertStoreTest {

    private static final long T0 = 1_700_000_000_000L;
    private static RedisServerProcess shared;

    @TempDir
    Path tmp;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void startRedis() throws IOException {
        RedisTests.assumeRedisOrFailInCi();
        shared = RedisServerProcess.start();
    }

    @AfterAll
    static void stopRedis() {
        if (shared != null) {
            shared.close();
        }
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
    }

    private RedisAlertStore open(RedisAlertStoreSettings s) throws IOException {
        RedisAlertStore store = RedisAlertStore.open(s);
        toClose.add(store);
        return store;
    }

    private RedisAlertStoreSettings settings(RedisServerProcess redis, String prefix, String node) throws IOException {
        return RedisTests.settings(redis, prefix, node, Files.createTempDirectory(tmp, "journal"), 1000);
    }

    private RedisServerProcess ownRedis() throws IOException {
        RedisServerProcess r = RedisServerProcess.start();
        toClose.add(r);
        return r;
    }

    /** {@code n} events of one alert per camera, versions 1, 2, 3 … */
    private static List<AlertEvent> burst(int cameras, int n) {
        List<Alert> latest = new ArrayList<>();
        List<AlertEvent> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int c = i % cameras;
            if (latest.size() <= c) {
                latest.add(AlertFixtures.alert("cam-" + c, T0 + c));
                out.add(AlertEvent.of(AlertEvent.Kind.RAISED, latest.get(c), latest.get(c).raisedAt()));
                continue;
            }
            Alert a = latest.get(c);
            a = a.updated(a.updatedAt().plusSeconds(2), "update " + i, a.objects(), Map.of("persons", i));
            latest.set(c, a);
            out.add(AlertEvent.of(AlertEvent.Kind.UPDATED, a, a.updatedAt()));
        }
        return out;
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("timed out waiting for " + what).isLessThan(deadline);
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void twoNodesEachReceiveEveryEvent() throws IOException {
        String prefix = RedisTests.freshPrefix();
        RedisAlertStore n1 = open(settings(shared, prefix, "n1"));
        RedisAlertStore n2 = open(settings(shared, prefix, "n2"));
        RedisAlertStore writer = open(settings(shared, prefix, "writer"));
        List<AlertEvent> heard1 = new CopyOnWriteArrayList<>();
        List<AlertEvent> heard2 = new CopyOnWriteArrayList<>();
        n1.subscribe(heard1::add);
        n2.subscribe(heard2::add);
        List<AlertEvent> events = burst(4, 200);

        for (AlertEvent e : events) {
            assertThat(writer.publish(e)).isEqualTo(PublishResult.APPLIED);
        }

        await("both nodes", () -> heard1.size() >= 200 && heard2.size() >= 200);
        assertThat(heard1).containsExactlyElementsOf(events);
        assertThat(heard2).containsExactlyElementsOf(events);
        assertThat(n1.figures().delivered()).isEqualTo(200);
        assertThat(n2.get(events.getLast().alert().id())).contains(events.getLast().alert());
    }

    @Test
    void aMalformedStreamEntryIsSkippedAndReportedOnce() throws IOException {
        String prefix = RedisTests.freshPrefix();
        RedisAlertStore node = open(settings(shared, prefix, "reader"));
        List<AlertEvent> heard = new CopyOnWriteArrayList<>();
        node.subscribe(heard::add);
        List<AlertEvent> events = burst(1, 2);
        try (LogTap log = new LogTap()) {
            node.publish(events.get(0));
            String garbage = (String) shared.command("XADD", prefix + "events", "*", "event", "{\"eventId\":oops");
            String foreign = (String) shared.command("XADD", prefix + "events", "*", "other", "x");
            node.publish(events.get(1));

            await("the second good event", () -> heard.size() >= 2);
            assertThat(heard).containsExactlyElementsOf(events);
            assertThat(node.figures().malformed()).isEqualTo(2);
            assertThat(log.containing(garbage)).hasSize(1).allMatch(m -> m.contains("malformed"));
            assertThat(log.containing(foreign)).hasSize(1);
        }
    }

    @Test
    void whileRedisIsDownEventsAreJournalledShownAndReplayedEvenAfterARestartOfTheProcess() throws IOException {
        RedisServerProcess redis = ownRedis();
        RedisAlertStoreSettings s = settings(redis, "j:", "node-a");
        List<AlertEvent> events = burst(2, 10);
        redis.stop();

        RedisAlertStore first = RedisAlertStore.open(s);
        for (AlertEvent e : events) {
            assertThat(first.publish(e)).isEqualTo(PublishResult.JOURNALLED);
        }
        assertThat(first.online()).isFalse();
        assertThat(first.get(events.getLast().alert().id())).contains(events.getLast().alert());
        assertThat(first.query(AlertQuery.recent(10))).hasSize(2);
        assertThat(first.publish(events.get(3))).as("an older version, even offline").isEqualTo(PublishResult.STALE);
        assertThat(first.figures().journalled()).isEqualTo(10);
        first.close(); // the process stops while Redis is still down

        RedisAlertStore second = open(s);
        assertThat(second.get(events.getLast().alert().id())).as("the journal is read at start")
                .contains(events.getLast().alert());
        redis.restart();

        await("the replay", () -> second.figures().replayed() == 10 && second.figures().journalBytes() == 0);
        assertThat(redis.command("XLEN", "j:events")).isEqualTo(10L);
        assertThat(second.get(events.getLast().alert().id())).contains(events.getLast().alert());
        assertThat(second.online()).isTrue();
        Alert last = events.getLast().alert();
        Alert next = last.updated(last.updatedAt().plusSeconds(2), "later", last.objects(), last.counts());
        assertThat(second.publish(AlertEvent.of(AlertEvent.Kind.UPDATED, next, next.updatedAt())))
                .as("straight to Redis again").isEqualTo(PublishResult.APPLIED);
        assertThat(redis.command("XLEN", "j:events")).isEqualTo(11L);
    }

    @Test
    void aFullJournalRefusesNewEventsAndSaysSoOnce() throws IOException {
        RedisServerProcess redis = ownRedis();
        List<AlertEvent> events = burst(3, 40);
        AlertEventCodec codec = new AlertEventCodec();
        long room = 0;
        for (AlertEvent e : events.subList(0, 20)) {
            room += codec.encode(e).getBytes(StandardCharsets.UTF_8).length + 1;
        }
        RedisAlertStoreSettings s = settings(redis, "full:", "node-f")
                .withJournal(Files.createTempDirectory(tmp, "small"), room + 10); // 20 events fit, not 21
        redis.kill();
        RedisAlertStore store = open(s);
        List<String> refused = new ArrayList<>();
        try (LogTap log = new LogTap()) {
            for (AlertEvent e : events) {
                try {
                    assertThat(store.publish(e)).isEqualTo(PublishResult.JOURNALLED);
                } catch (AlertJournalFullException ex) {
                    refused.add(e.eventId());
                }
            }
            assertThat(refused).hasSize(20);
            assertThat(store.figures().refused()).isEqualTo(refused.size());
            assertThat(log.containing("is full")).hasSize(1);
        }
        redis.restart();
        await("the replay", () -> store.figures().journalBytes() == 0);
        assertThat(redis.command("XLEN", "full:events")).isEqualTo((long) (40 - refused.size()));
        AlertEvent again = events.get(40 - refused.size());
        assertThat(store.publish(again)).as("accepted again once Redis is back").isEqualTo(PublishResult.APPLIED);
    }

    @Test
    void aPublishThatTimesOutIsJournalledAndReachesTheStreamOnce() throws Exception {
        RedisServerProcess redis = ownRedis();
        RedisAlertStoreSettings s = settings(redis, "slow:", "node-s")
                .withTimeouts(Duration.ofMillis(300), Duration.ofMillis(100));
        RedisAlertStore store = open(s);
        List<AlertEvent> heard = new CopyOnWriteArrayList<>();
        store.subscribe(heard::add);
        AlertEvent e = burst(1, 1).getFirst();

        // Redis stalls for 1 s: the publish times out and is journalled; whether Redis then runs it too (it did not
        // here: the connection is closed on the timeout) the replay appends it at most once.
        Thread stall = Thread.ofPlatform().start(() -> {
            try {
                redis.command(Duration.ofSeconds(5), "DEBUG", "SLEEP", "1");
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        });
        await("the stall", () -> !redis.answersWithin(Duration.ofMillis(100)));
        assertThat(store.publish(e)).isEqualTo(PublishResult.JOURNALLED);
        stall.join();

        await("the replay", () -> store.figures().journalBytes() == 0);
        await("the subscriber", () -> !heard.isEmpty());
        assertThat(redis.command("XLEN", "slow:events")).isEqualTo(1L);
        assertThat(heard).containsExactly(e);
        assertThat(store.figures().replayed() + store.figures().replayedStale()).isEqualTo(1);
    }

    @Test
    void aJournalledEventThatRedisAlreadyHoldsIsNotAppendedAgain() throws IOException {
        RedisServerProcess redis = ownRedis();
        RedisAlertStoreSettings s = settings(redis, "dup:", "node-d");
        List<AlertEvent> events = burst(1, 3);
        redis.stop();
        try (RedisAlertStore offline = RedisAlertStore.open(s)) {
            for (AlertEvent e : events) {
                assertThat(offline.publish(e)).isEqualTo(PublishResult.JOURNALLED);
            }
        }
        redis.restart();
        // As if the first two had reached Redis before their replies were lost (a timeout, a crash mid-reply).
        RedisAlertStore other = open(settings(redis, "dup:", "node-o"));
        assertThat(other.publish(events.get(0))).isEqualTo(PublishResult.APPLIED);
        assertThat(other.publish(events.get(1))).isEqualTo(PublishResult.APPLIED);

        RedisAlertStore replaying = open(s);

        await("the replay", () -> replaying.figures().journalBytes() == 0);
        assertThat(replaying.figures().replayedStale()).isEqualTo(2);
        assertThat(replaying.figures().replayed()).isEqualTo(1);
        assertThat(redis.command("XLEN", "dup:events")).isEqualTo(3L);
        assertThat(replaying.get(events.getLast().alert().id())).contains(events.getLast().alert());
    }

    @Test
    void theStreamAndTheAlertsAreBoundedAndKeyedUnderThePrefix() throws IOException {
        String prefix = RedisTests.freshPrefix();
        RedisAlertStoreSettings s = new RedisAlertStoreSettings(shared.uri(), prefix, 200, Optional.of("b"),
                Files.createTempDirectory(tmp, "journal"), 1 << 20, 50, Duration.ofSeconds(1), Duration.ofMillis(200));
        RedisAlertStore store = open(s);
        List<AlertEvent> events = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            events.addAll(burst(1, 10).stream().toList()); // 100 alerts, 10 versions each
        }
        for (AlertEvent e : events) {
            store.publish(e);
        }
        long streamLength = (Long) shared.command("XLEN", prefix + "events");
        assertThat(streamLength).as("MAXLEN ~200 trims whole nodes of 100").isBetween(200L, 300L);
        assertThat(shared.command("ZCARD", prefix + "alert-ids")).isEqualTo(50L);
        assertThat(shared.command("HLEN", prefix + "alerts")).isEqualTo(50L);
        assertThat(shared.command("HLEN", prefix + "alert-versions")).isEqualTo(50L);
        assertThat(store.recent(1000)).hasSize(50).first().isEqualTo(events.getLast().alert());
    }

    @Test
    void aGeneratedNodeRemovesItsGroupOnCloseAConfiguredOneKeepsIt() throws Exception {
        String prefix = RedisTests.freshPrefix();
        RedisAlertStore generated = RedisAlertStore.open(settings(shared, prefix, null));
        RedisAlertStore named = open(settings(shared, prefix, "ops-1"));
        generated.subscribe(e -> { });
        named.subscribe(e -> { });
        assertThat(generated.node()).startsWith("node-");
        assertThat(groups(prefix)).containsExactlyInAnyOrder(generated.node(), "ops-1");

        generated.close();

        assertThat(groups(prefix)).containsExactly("ops-1");
    }

    @SuppressWarnings("unchecked")
    private static List<String> groups(String prefix) throws IOException {
        List<String> names = new ArrayList<>();
        for (Object g : (List<Object>) shared.command("XINFO", "GROUPS", prefix + "events")) {
            List<Object> fields = (List<Object>) g;
            names.add((String) fields.get(fields.indexOf("name") + 1));
        }
        return names;
    }

    @Test
    void aStoreThatCannotOpenItsJournalSaysWhy() throws IOException {
        RedisAlertStoreSettings s = settings(shared, RedisTests.freshPrefix(), "x");
        open(s);
        assertThatThrownBy(() -> RedisAlertStore.open(s)).isInstanceOf(IOException.class)
                .hasMessageContaining("journalDir");
    }
}
