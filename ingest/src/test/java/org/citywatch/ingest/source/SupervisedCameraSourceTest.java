package org.citywatch.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.citywatch.ingest.camera.Camera;
import org.citywatch.ingest.camera.CameraKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The reconnect loop's state machine, driven by scripted sessions: each test plays the part of a stream
 * (media arrives, the connection fails, credentials are refused, media stops) and watches the states.
 */
class SupervisedCameraSourceTest {

    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final LinkedBlockingQueue<ScriptedSession> started = new LinkedBlockingQueue<>();
    private final Camera camera = new Camera("cam-1", "Gate", "rtsp://u:p@127.0.0.1/x", CameraKind.TRAFFIC, "D1", 10, 106);

    /** A session whose events the test fires by hand. */
    static final class ScriptedSession implements StreamSession {
        volatile Events events;
        volatile boolean closed;

        private final LinkedBlockingQueue<ScriptedSession> onStart;

        ScriptedSession(LinkedBlockingQueue<ScriptedSession> onStart) {
            this.onStart = onStart;
        }

        @Override
        public void start(Events e) {
            events = e;
            onStart.add(this); // only now can the test play its part
        }

        @Override
        public void close() {
            closed = true;
        }

        void media() {
            events.media(System.nanoTime(), 1000, false);
        }
    }

    private SupervisedCameraSource source(Duration stallAfter, Duration stallTimeout) {
        return new SupervisedCameraSource(camera, () -> new ScriptedSession(started), new Backoff(Duration.ofMillis(50), Duration.ofMillis(200)), Duration.ofMillis(400),
                new SupervisedCameraSource.StallPolicy(stallAfter, stallTimeout), scheduler);
    }

    @AfterEach
    void shutdown() {
        scheduler.shutdownNow();
    }

    @Test
    void connectsStreamsFailsAndRetriesWithTheReason() throws Exception {
        SupervisedCameraSource src = source(Duration.ofSeconds(10), Duration.ofSeconds(10));
        src.start();
        ScriptedSession first = next();
        assertThat(src.health().status()).isEqualTo(CameraStatus.CONNECTING);

        first.media();
        first.media();
        assertThat(src.health().status()).isEqualTo(CameraStatus.STREAMING);
        assertThat(src.health().framesReceived()).isEqualTo(2);
        assertThat(src.health().reason()).isEmpty();

        first.events.ended(new SessionEnd.Failed("Connection reset by peer"));
        assertThat(src.health().status()).isEqualTo(CameraStatus.RETRYING);
        assertThat(src.health().reason()).contains("Connection reset by peer");

        ScriptedSession second = next();
        assertThat(second).isNotSameAs(first);
        assertThat(src.health().reconnects()).isEqualTo(1);
        second.media();
        assertThat(src.health().status()).isEqualTo(CameraStatus.STREAMING);
        src.stop();
        assertThat(src.health().status()).isEqualTo(CameraStatus.STOPPED);
        assertThat(second.closed).isTrue();
    }

    @Test
    void refusedCredentialsAndUnsupportedCodecsAreRetriedSlowly() throws Exception {
        SupervisedCameraSource src = source(Duration.ofSeconds(10), Duration.ofSeconds(10));
        src.start();
        next().events.ended(new SessionEnd.Unauthorized("401 Unauthorized"));
        assertThat(src.health().status()).isEqualTo(CameraStatus.UNAUTHORIZED);
        long failedAt = System.nanoTime();
        ScriptedSession retry = next();
        assertThat(System.nanoTime() - failedAt).as("slow retry, not the 50-200 ms backoff")
                .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(350));
        retry.events.ended(new SessionEnd.Unsupported("codec MJPEG"));
        assertThat(src.health().status()).isEqualTo(CameraStatus.UNSUPPORTED);
        assertThat(src.health().reason()).contains("codec MJPEG");
        src.stop();
    }

    @Test
    void eventsOfAnAbandonedSessionAreIgnored() throws Exception {
        SupervisedCameraSource src = source(Duration.ofSeconds(10), Duration.ofSeconds(10));
        src.start();
        ScriptedSession first = next();
        first.events.ended(new SessionEnd.Failed("refused"));
        ScriptedSession second = next();
        second.media();
        // The first session, long gone, reports again: nothing changes.
        first.events.ended(new SessionEnd.Failed("late echo"));
        assertThat(src.health().status()).isEqualTo(CameraStatus.STREAMING);
        assertThat(started).isEmpty();
        src.stop();
    }

    @Test
    void silenceMakesAStreamStalledThenDropsAndReconnectsIt() throws Exception {
        SupervisedCameraSource src = source(Duration.ofMillis(300), Duration.ofMillis(500));
        List<CameraStatus> seen = new CopyOnWriteArrayList<>();
        src.start();
        ScriptedSession first = next();
        first.media();
        waitFor(() -> {
            seen.add(src.health().status());
            return src.health().status() == CameraStatus.STALLED;
        });
        assertThat(src.health().reason().orElseThrow()).startsWith("no media for");
        ScriptedSession second = next();
        assertThat(first.closed).as("the silent session is closed").isTrue();
        assertThat(seen).contains(CameraStatus.STREAMING);
        second.media();
        assertThat(src.health().status()).isEqualTo(CameraStatus.STREAMING);
        src.stop();
    }

    @Test
    void aFactoryThatThrowsIsAFailureNotACrash() throws Exception {
        int[] calls = {0};
        SupervisedCameraSource src = new SupervisedCameraSource(camera, () -> {
            calls[0]++;
            throw new IllegalArgumentException("file not found or unreadable: /x.mp4");
        }, new Backoff(Duration.ofMillis(20), Duration.ofMillis(40)), Duration.ofMillis(100),
                SupervisedCameraSource.StallPolicy.defaults(), scheduler);
        src.start();
        waitFor(() -> calls[0] >= 3);
        assertThat(src.health().status()).isEqualTo(CameraStatus.RETRYING);
        assertThat(src.health().reason()).contains("file not found or unreadable: /x.mp4");
        src.stop();
    }

    private ScriptedSession next() throws InterruptedException {
        ScriptedSession s = started.poll(5, TimeUnit.SECONDS);
        assertThat(s).as("a session was started").isNotNull();
        return s;
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 5 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
