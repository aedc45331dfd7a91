package org.citywatch.analytics.detect;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.citywatch.assets.AssetResolver;
import org.citywatch.assets.ModelDescriptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Detector} running a YOLOX ONNX model on DJL's ONNX Runtime engine, from a local file only (no model
 * zoo, no URL). One DJL predictor per instance: <b>not thread-safe</b>, use one instance per thread.
 */
public final class OnnxDetector implements Detector {

    private static final Logger log = LoggerFactory.getLogger(OnnxDetector.class);

    /** ORT session options read by DJL's OrtModel (checked in onnxruntime-engine 0.38.0). */
    static final String INTRA_OP_THREADS = "intraOpNumThreads";
    static final String INTER_OP_THREADS = "interOpNumThreads";

    private final ModelDescriptor descriptor;
    private final ExecutionDevice device;
    private final ZooModel<Mat, List<Detection>> model;
    private final Predictor<Mat, List<Detection>> predictor;
    private final YoloxTranslator translator;
    private boolean closed;

    private OnnxDetector(ModelDescriptor descriptor, ExecutionDevice device, ZooModel<Mat, List<Detection>> model,
                         YoloxTranslator translator) {
        this.descriptor = descriptor;
        this.device = device;
        this.model = model;
        this.translator = translator;
        this.predictor = model.newPredictor();
    }

    /** Opens the model with one ONNX Runtime intra-op thread (one camera per core scales best). */
    public static OnnxDetector open(ModelDescriptor d, AssetResolver resolver) {
        return open(d, resolver, 1);
    }

    /**
     * Opens the model's weights and labels, found through the resolver.
     *
     * @param intraOpThreads ONNX Runtime threads for one inference (>= 1)
     * @throws ModelMismatchException if the file's input or output tensors differ from the descriptor's (the
     *                                message names the model, the file and both shapes); nothing stays open
     * @throws IllegalStateException  if the model cannot be loaded
     */
    public static OnnxDetector open(ModelDescriptor d, AssetResolver resolver, int intraOpThreads) {
        return open(d, resolver, intraOpThreads, ExecutionDevice.CPU);
    }

    /**
     * Opens the model on the given device. When CUDA is asked for but ONNX Runtime cannot use it (the CPU-only
     * build, no GPU, missing CUDA libraries), the model is opened on the CPU instead and a warning says why:
     * a city centre keeps analysing, slower, rather than not at all. {@link #device()} tells which one runs.
     */
    public static OnnxDetector open(ModelDescriptor d, AssetResolver resolver, int intraOpThreads,
                                    ExecutionDevice device) {
        if (device.cuda()) {
            try {
                return load(d, resolver, intraOpThreads, device);
            } catch (ModelMismatchException e) {
                throw e; // the file is wrong whatever the device
            } catch (RuntimeException e) {
                log.warn("Model {}: the CUDA execution provider ({}) is not usable here ({}); running on the CPU "
                        + "instead. The GPU needs the onnxruntime_gpu build (./mvnw -Pgpu ...) and the CUDA and "
                        + "cuDNN libraries it was built for.", d.name(), device, rootMessage(e));
            }
        }
        return load(d, resolver, intraOpThreads, ExecutionDevice.CPU);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    private static OnnxDetector load(ModelDescriptor d, AssetResolver resolver, int intraOpThreads,
                                     ExecutionDevice device) {
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("intraOpThreads must be >= 1: " + intraOpThreads);
        }
        DjlOffline.ensure(); // before anything touches ai.djl.engine.Engine
        Path weights = resolver.resolve(d.weights());
        List<String> labels = readLabels(resolver.resolve(d.labelsFile()));
        YoloxTranslator translator = YoloxTranslator.forModel(d, labels);
        @SuppressWarnings("unchecked")
        Class<List<Detection>> outputType = (Class<List<Detection>>) (Class<?>) List.class;
        Criteria<Mat, List<Detection>> criteria = Criteria.builder()
                .setTypes(Mat.class, outputType)
                .optModelPath(weights)
                .optEngine("OnnxRuntime")
                .optTranslator(translator)
                // DJL's OrtModel adds ONNX Runtime's CUDA provider for a GPU device.
                .optDevice(device.cuda() ? Device.gpu(device.gpuId()) : Device.cpu())
                .optOption(INTRA_OP_THREADS, Integer.toString(intraOpThreads))
                // The graph runs sequentially, so inter-op threads would only idle.
                .optOption(INTER_OP_THREADS, "1")
                .build();
        long start = System.nanoTime();
        ZooModel<Mat, List<Detection>> model;
        try {
            model = criteria.loadModel();
        } catch (IOException | ModelNotFoundException | MalformedModelException | RuntimeException e) {
            translator.close();
            throw new IllegalStateException("cannot load model " + d.name() + " from " + weights + ": "
                    + e.getMessage(), e);
        }
        try {
            // Refuses a file whose tensors differ from the descriptor's, with both shapes in the message.
            OnnxModelShapes.check(d, labels.size(), weights);
            OnnxDetector detector = new OnnxDetector(d, device, model, translator);
            log.info("Loaded {} from {} on {} ({} classes, {} intra-op thread(s)) in {} ms", d.name(), weights,
                    device, labels.size(), intraOpThreads, (System.nanoTime() - start) / 1_000_000);
            return detector;
        } catch (RuntimeException e) {
            model.close();
            translator.close();
            throw e;
        }
    }

    static List<String> readLabels(Path file) {
        try {
            List<String> labels = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .map(String::strip).toList();
            // Tolerate trailing blank lines only; a blank line inside would shift every class id.
            int n = labels.size();
            while (n > 0 && labels.get(n - 1).isEmpty()) {
                n--;
            }
            labels = labels.subList(0, n);
            if (labels.isEmpty() || labels.contains("")) {
                throw new IllegalArgumentException("labels file " + file + " is empty or has blank lines");
            }
            return labels;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read labels " + file, e);
        }
    }

    @Override
    public List<Detection> detect(Mat bgrFrame) {
        if (closed) {
            throw new IllegalStateException("detector " + descriptor.name() + " is closed");
        }
        // Checked here so the caller gets the IllegalArgumentException itself, not one wrapped by DJL.
        Letterbox.checkFrame(bgrFrame);
        try {
            return predictor.predict(bgrFrame);
        } catch (TranslateException e) {
            // DJL wraps whatever failed (our translator, or ONNX Runtime's EngineException) in a
            // TranslateException whose message is the cause's toString(): report the cause's own message.
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof IllegalArgumentException iae) {
                throw iae;
            }
            String why = cause.getMessage() == null ? cause.toString() : cause.getMessage();
            throw new IllegalStateException("inference of " + descriptor.name() + " failed on this frame: " + why,
                    e);
        }
    }

    /** Where the model actually runs (the CPU after a CUDA fallback). */
    public ExecutionDevice device() {
        return device;
    }

    public ModelDescriptor descriptor() {
        return descriptor;
    }

    public List<String> labels() {
        return translator.decoder().labels();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        predictor.close();
        model.close();
        translator.close();
    }
}
