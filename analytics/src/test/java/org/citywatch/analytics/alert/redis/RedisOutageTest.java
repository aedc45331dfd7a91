package org.citywatch.analytics.alert.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.citywatch.analytics.alert.Alert;
import org.citywatch.analytics.alert.AlertEvent;
import org.citywatch.analytics.alert.AlertFixtures;
import org.citywatch.analytics.alert.PublishResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The promise, "nothing lost when Redis goes away": a burst of alert events from 8 cameras, Redis killed
 * (SIGKILL) in the middle of it and started again while the burst goes on; two other nodes must hear every event
 * exactly once and in order per camera, and the stream must hold each exactly once.
 *
 * <p>Phases, fixed by counts rather than time: 1,500 events published with Redis up; kill (publishers keep going,
 * some of their calls are in flight); publishers wait at 2,800 until Redis is back, so that the last 1,200 are
 * published while the journal is being replayed, which is when the order per camera is at stake.
 */
class RedisOutageTest {

    private static final int CAMERAS = 8;
    private static final int PER_CAMERA = 500;
    private static final int EVENTS_PER_ALERT = 50;
    private static final int KILL_AT = 1500;
    private static final int RESTART_AT = 2800;
    private static final int TOTAL = CAMERAS * PER_CAMERA;

    @TempDir
    Path tmp;

    /** Camera c's events in publish order: alerts of 50 versions each, one after the other. */
    private static List<List<AlertEvent>> burst() {
        List<List<AlertEvent>> perCamera = new ArrayList<>();
        for (int c = 0; c < CAMERAS; c++) {
            List<AlertEvent> events = new ArrayList<>();
            Alert a = null;
            for (int i = 0; i < PER_CAMERA; i++) {
                if (i % EVENTS_PER_ALERT == 0) {
                    a = AlertFixtures.alert("cam-" + c, 1_700_000_000_000L + i * 1000L + c);
                    events.add(AlertEvent.of(AlertEvent.Kind.RAISED, a, a.raisedAt()));
                } else {
                    a = a.updated(a.updatedAt().plusMillis(200), "update " + i, a.objects(), Map.of("persons", i));
                    events.add(AlertEvent.of(AlertEvent.Kind.UPDATED, a, a.updatedAt()));
                }
            }
            perCamera.add(events);
        }
        return perCamera;
    }

    /** What one subscribing node heard, per camera (its listener runs on its one reader thread). */
    private static final class Heard {
        final Map<String, List<String>> byCamera = new ConcurrentHashMap<>();
        final AtomicInteger count = new AtomicInteger();

        void add(AlertEvent e) {
            byCamera.computeIfAbsent(e.cameraId(), k -> new ArrayList<>()).add(e.eventId());
            count.incrementAndGet();
        }
    }

    @Test
    void everyEventArrivesExactlyOnceAndInOrderPerCameraAcrossAKillAndRestartOfRedis() throws Exception {
        RedisTests.assumeRedisOrFailInCi();
        List<List<AlertEvent>> events = burst();
        try (RedisServerProcess redis = RedisServerProcess.start();
             RedisAlertStore publisher = RedisAlertStore.open(settings(redis, "publisher"));
             RedisAlertStore node1 = RedisAlertStore.open(settings(redis, "node-1"));
             RedisAlertStore node2 = RedisAlertStore.open(settings(redis, "node-2"))) {
            Heard heard1 = new Heard();
            Heard heard2 = new Heard();
            node1.subscribe(heard1::add);
            node2.subscribe(heard2::add);

            AtomicInteger started = new AtomicInteger();
            CountDownLatch killPoint = new CountDownLatch(KILL_AT);
            CountDownLatch restartPoint = new CountDownLatch(RESTART_AT);
            CountDownLatch restarted = new CountDownLatch(1);
            Map<PublishResult, AtomicInteger> results = new ConcurrentHashMap<>();
            List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
            List<Thread> cameras = new ArrayList<>();
            for (List<AlertEvent> camera : events) {
                cameras.add(Thread.ofPlatform().name("publisher-" + camera.getFirst().cameraId()).start(() -> {
                    try {
                        for (AlertEvent e : camera) {
                            if (started.incrementAndGet() > RESTART_AT) {
                                assertThat(restarted.await(30, TimeUnit.SECONDS)).isTrue();
                            }
                            PublishResult r = publisher.publish(e);
                            results.computeIfAbsent(r, k -> new AtomicInteger()).incrementAndGet();
                            killPoint.countDown();
                            restartPoint.countDown();
                        }
                    } catch (Throwable t) {
                        failures.add(t);
                    }
                }));
            }
            assertThat(killPoint.await(30, TimeUnit.SECONDS)).isTrue();
            redis.kill();
            assertThat(restartPoint.await(30, TimeUnit.SECONDS)).isTrue();
            redis.restart();
            restarted.countDown();
            for (Thread t : cameras) {
                t.join(30_000);
            }
            assertThat(failures).isEmpty();

            long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
            while ((heard1.count.get() < TOTAL || heard2.count.get() < TOTAL) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }

            assertThat(results.get(PublishResult.STALE)).as("no event was stale").isNull();
            assertThat(results.get(PublishResult.JOURNALLED)).as("the outage hit the burst").isNotNull();
            int journalled = results.get(PublishResult.JOURNALLED).get();
            assertThat(results.get(PublishResult.APPLIED).get() + journalled).isEqualTo(TOTAL);
            RedisStoreFigures f = publisher.figures();
            assertThat(f.refused()).isZero();
            assertThat(f.journalBytes()).isZero();
            assertThat(f.journalled()).isEqualTo(journalled);
            // Each journalled event replayed once: appended, or found in Redis already (it was applied just before
            // the kill, and its reply was lost).
            assertThat(f.replayed() + f.replayedStale()).isEqualTo(journalled);

            Map<String, List<String>> expected = new LinkedHashMap<>();
            for (List<AlertEvent> camera : events) {
                expected.put(camera.getFirst().cameraId(), camera.stream().map(AlertEvent::eventId).toList());
            }
            for (Heard heard : List.of(heard1, heard2)) {
                assertThat(heard.count.get()).as("events heard").isEqualTo(TOTAL);
                assertThat(heard.byCamera).containsExactlyInAnyOrderEntriesOf(expected);
            }
            assertThat(node1.figures().delivered()).isEqualTo(TOTAL);
            assertThat(node2.figures().malformed()).isZero();

            Map<String, List<String>> inStream = streamByCamera(redis, "outage:events");
            assertThat(inStream).containsExactlyInAnyOrderEntriesOf(expected);
            assertThat(redis.command("XLEN", "outage:events")).isEqualTo((long) TOTAL);
        }
    }

    private RedisAlertStoreSettings settings(RedisServerProcess redis, String node) throws IOException {
        return RedisTests.settings(redis, "outage:", node, Files.createTempDirectory(tmp, node), 10_000);
    }

    /** The stream's event ids per camera, in stream order; each must be there once. */
    @SuppressWarnings("unchecked")
    private static Map<String, List<String>> streamByCamera(RedisServerProcess redis, String key) throws IOException {
        AlertEventCodec codec = new AlertEventCodec();
        Map<String, List<String>> out = new LinkedHashMap<>();
        HashSet<String> seen = new HashSet<>();
        for (Object entry : (List<Object>) redis.command("XRANGE", key, "-", "+")) {
            List<Object> fields = (List<Object>) ((List<Object>) entry).get(1);
            AlertEvent e = codec.decode((String) fields.get(1));
            assertThat(seen.add(e.eventId())).as("once in the stream: " + e.eventId()).isTrue();
            out.computeIfAbsent(e.cameraId(), k -> new ArrayList<>()).add(e.eventId());
        }
        return out;
    }
}
