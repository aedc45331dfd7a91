package org.citywatch.analytics.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnxruntime.OrtEnvironment;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import ai.onnxruntime.OrtProvider;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bytedeco.opencv.opencv_core.Mat;
import org.citywatch.assets.AssetResolver;
import org.citywatch.assets.ModelDescriptor;
import org.citywatch.assets.SampleMedia;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * {@code analytics.device=cuda} opens a detector that works wherever it runs: on the GPU where there is one and
 * ONNX Runtime was built with CUDA, else on the CPU with a warning, rather than failing start-up.
 *
 * <p>Which of the two this machine should give is decided up front, by the two things that make CUDA usable: a
 * GPU (nvidia-smi runs and exits 0) and ONNX Runtime's CUDA provider in the build on the class path (the
 * onnxruntime_gpu artifact; the default build has only the CPU provider). Each test assumes its case, so one is
 * skipped on every machine: on a CPU-only build machine the fallback is checked, on a GPU machine with the GPU
 * build the CUDA device is; a GPU with the CPU-only build is a fallback case too.
 */
class CudaFallbackTest {

    static boolean cudaUsable;
    static AssetResolver resolver;

    @BeforeAll
    static void probe() throws Exception {
        resolver = AssetResolver.fromEnvironment();
        boolean cudaProvider = OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA);
        cudaUsable = cudaProvider && gpuPresent();
        System.out.println("CUDA provider in this ONNX Runtime build: " + cudaProvider + ", GPU: " + gpuPresent());
    }

    private static boolean gpuPresent() {
        try {
            Process p = new ProcessBuilder("nvidia-smi", "-L").redirectErrorStream(true).start();
            p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (java.io.IOException e) {
            return false; // not installed: no NVIDIA driver on this machine
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void withoutCudaFallsBackToAWorkingCpuDetector() throws Exception {
        assumeFalse(cudaUsable, "CUDA is usable here: withCudaRunsOnTheGpu checks it");
        Logger log = (Logger) LoggerFactory.getLogger(OnnxDetector.class);
        ListAppender<ILoggingEvent> warnings = new ListAppender<>();
        warnings.start();
        log.addAppender(warnings);
        try (OnnxDetector detector = open("cuda")) {
            assertThat(detector.device()).isEqualTo(ExecutionDevice.CPU);
            findsTheReferenceObjects(detector);
        } finally {
            log.detachAppender(warnings);
        }
        // Operators must learn why their GPU setting does nothing: one warning naming the device and the remedy.
        assertThat(warnings.list).filteredOn(e -> e.getLevel() == Level.WARN)
                .extracting(ILoggingEvent::getFormattedMessage)
                .singleElement().asString()
                .contains("cuda:0", "running on the CPU instead", "onnxruntime_gpu");
    }

    @Test
    void withCudaRunsOnTheGpu() throws Exception {
        assumeTrue(cudaUsable, "no GPU or no CUDA provider in this ONNX Runtime build");
        try (OnnxDetector detector = open("cuda")) {
            assertThat(detector.device()).isEqualTo(new ExecutionDevice(true, 0));
            findsTheReferenceObjects(detector);
        }
    }

    private static OnnxDetector open(String device) {
        return OnnxDetector.open(ModelDescriptor.load("yolox_nano"), resolver, 1, ExecutionDevice.parse(device));
    }

    /** The README's bar, as YoloxReferenceTest applies it: every reference detection >= 0.5 on bus.jpg. */
    private static void findsTheReferenceObjects(OnnxDetector detector) throws Exception {
        YoloxReferenceTest.resolver = resolver; // its reference parser reads through this field
        YoloxReferenceTest.Image ref = YoloxReferenceTest.reference().get("bus.jpg");
        try (Mat frame = imread(resolver.resolve(SampleMedia.get("bus.jpg")).toString())) {
            List<Detection> found = detector.detect(frame);
            List<YoloxReferenceTest.Expected> sure = ref.expected().stream()
                    .filter(e -> e.score() >= YoloxReferenceTest.MUST_FIND).toList();
            assertThat(sure).filteredOn(e -> e.label().equals("person")).hasSize(3);
            for (YoloxReferenceTest.Expected e : sure) {
                assertThat(found).as("a detection matching %s", e).anyMatch(d -> YoloxReferenceTest.matches(d, e));
            }
        }
    }
}
