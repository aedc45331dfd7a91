package org.citywatch.analytics.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citywatch.analytics.pipeline.ClipFrames.camera;
import static org.citywatch.analytics.pipeline.ClipFrames.within;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bytedeco.javacv.Frame;
import org.citywatch.analytics.alert.InMemoryAlertStore;
import org.citywatch.analytics.schedule.SchedulerSettings;
import org.citywatch.ingest.camera.Camera;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A camera removed from the list while its frames still arrive and the worker may be detecting one of them: its
 * native buffers must be freed only after the reader and the worker are done with them (a use after free would
 * crash this JVM or fail frames), and the other cameras must not notice.
 */
class AnalyticsPipelineForgetTest {

    /** Three streams at 10 fps for one worker, gate off: the worker is busy, so a forget often meets a frame. */
    static final SchedulerSettings THREE_AT_10 = new SchedulerSettings(3, 10, Duration.ofSeconds(20), 1);
    static final int LIST_ROUNDS = 5;
    static final Duration FORGET_ALONE = Duration.ofSeconds(4);

    static List<Frame> frames;

    @BeforeAll
    static void decode() throws Exception {
        frames = ClipFrames.decode(ClipFrames.PEDESTRIANS, 50);
    }

    @AfterAll
    static void free() {
        ClipFrames.close(frames);
    }

    @Test
    void forgettingACameraMidFrameHarmsNobody() throws Exception {
        Camera a = camera("a");
        Camera b = camera("b");
        Camera c = camera("c");
        AnalyticsSettings settings = ClipFrames.settings(THREE_AT_10, 1).withMotionGate(false);
        Random random = new Random(7); // fixed, so a failure can be replayed with the same pauses
        try (ErrorTap errors = new ErrorTap();
             AnalyticsPipeline p = new AnalyticsPipeline(settings, ClipFrames.yolox(), new InMemoryAlertStore());
             FrameFeeder feeder = new FrameFeeder(p, frames, 10)) {
            p.setCameras(List.of(a, b, c));
            feeder.start(a, b, c);
            assertThat(within(Duration.ofSeconds(5), () -> analysed(p, "a") > 0 && analysed(p, "b") > 0))
                    .isTrue();
            long aBefore = analysed(p, "a");
            long bBefore = analysed(p, "b");

            // As the app does it: the list loses c, then analytics forgets it, c's reader still running. The plan
            // no longer has c, so a frame of c that a worker takes from now on is dropped as stale.
            for (int round = 0; round < LIST_ROUNDS; round++) {
                int r = round;
                assertThat(within(Duration.ofSeconds(5), () -> analysed(p, "c") > 0))
                        .as("c analysed in round %d", r).isTrue();
                Thread.sleep(random.nextInt(100));
                p.setCameras(List.of(a, b));
                p.forget("c");
                Thread.sleep(random.nextInt(100));
                p.setCameras(List.of(a, b, c));
            }
            // Forget alone, c still scheduled: the next frame of c starts a new slot at once, so the forgets land
            // at any moment of c's frames, also while its reader copies one or a worker holds one (the native
            // buffers are in use for about a millisecond of each, so it takes many forgets to meet those).
            long end = System.nanoTime() + FORGET_ALONE.toNanos();
            int forgets = 0;
            while (System.nanoTime() < end) {
                Thread.sleep(random.nextInt(80));
                p.forget("c");
                forgets++;
            }
            assertThat(forgets).isGreaterThan(50);
            assertThat(within(Duration.ofSeconds(5), () -> analysed(p, "c") > 0)).as("c analysed again").isTrue();

            // For good now: the source stops first, then analytics forgets the camera.
            feeder.stop("c");
            p.setCameras(List.of(a, b));
            p.forget("c");
            assertThat(p.stats("c")).isEmpty();
            assertThat(p.latest("c")).isEmpty();
            assertThat(p.schedule().cameras()).extracting(ScheduleView.Camera::id).containsExactly("a", "b");

            long aNow = analysed(p, "a");
            long bNow = analysed(p, "b");
            assertThat(aNow).as("a analysed during the churn").isGreaterThan(aBefore + 10);
            assertThat(bNow).as("b analysed during the churn").isGreaterThan(bBefore + 10);
            assertThat(within(Duration.ofSeconds(5), () -> analysed(p, "a") > aNow + 5 && analysed(p, "b") > bNow + 5))
                    .as("a and b still analysed after c is gone").isTrue();
            assertThat(p.figures().failedFrames()).isZero();
            assertThat(feeder.errors).isEmpty();
            assertThat(errors.events).as("errors logged").isEmpty();
        }
    }

    private static long analysed(AnalyticsPipeline p, String id) {
        return p.stats(id).map(CameraAnalysisStats::analysedFrames).orElse(0L);
    }

    /**
     * Errors logged by analytics: a frame whose buffer was freed under it fails there (failed frames of a
     * forgotten camera leave no figure behind), as would a worker that died.
     */
    static final class ErrorTap extends AppenderBase<ILoggingEvent> implements AutoCloseable {
        final List<String> events = new CopyOnWriteArrayList<>();
        private final Logger logger = (Logger) LoggerFactory.getLogger("org.citywatch.analytics");

        ErrorTap() {
            start();
            logger.addAppender(this);
        }

        @Override
        protected void append(ILoggingEvent e) {
            if (e.getLevel().isGreaterOrEqual(Level.ERROR)) {
                events.add(e.getLoggerName() + ": " + e.getFormattedMessage());
            }
        }

        @Override
        public void close() {
            logger.detachAppender(this);
            stop();
        }
    }
}
