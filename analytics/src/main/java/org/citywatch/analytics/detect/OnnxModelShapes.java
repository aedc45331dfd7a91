package org.citywatch.analytics.detect;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.ValueInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.citywatch.assets.ModelDescriptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks that an ONNX file's input and output tensors are the ones its descriptor describes: input
 * {@code [1, 3, height, width]} float, output {@code [1, rows, 5 + classes]} float, where rows is the sum over
 * the strides of {@code (width/s)*(height/s)} and classes the number of labels.
 *
 * <p>DJL 0.38 does not expose the shapes: {@code OrtSymbolBlock.describeInput()} gives the input names with
 * {@code null} shapes and {@code describeOutput()} throws {@code UnsupportedOperationException}, and the block's
 * {@code OrtSession} is private. So the file is opened a second time with ONNX Runtime's own Java API (the
 * {@code com.microsoft.onnxruntime} jar DJL's engine depends on), unoptimised and on one thread, only to read
 * {@link OrtSession#getInputInfo()} and {@link OrtSession#getOutputInfo()}; the session is closed at once.
 *
 * <p>A symbolic (dynamic) dimension in the file matches any expected size: it can only be checked on a real
 * output, which {@link YoloxTranslator#processOutput} does for every frame.
 */
public final class OnnxModelShapes {

    private static final Logger log = LoggerFactory.getLogger(OnnxModelShapes.class);

    /** ONNX Runtime's value for a dimension without a fixed size. */
    static final long DYNAMIC = -1;

    private OnnxModelShapes() {
    }

    /** One tensor as the descriptor expects it or as the file declares it. */
    record Tensor(String name, OnnxJavaType type, long[] shape, String[] dimensionNames) {

        static Tensor expected(String name, long... shape) {
            return new Tensor(name, OnnxJavaType.FLOAT, shape, new String[shape.length]);
        }

        static Tensor of(NodeInfo node) {
            ValueInfo info = node.getInfo();
            if (info instanceof TensorInfo t) {
                return new Tensor(node.getName(), t.type, t.getShape(), t.getDimensionNames());
            }
            return new Tensor(node.getName(), null, null, null); // a sequence or a map: never a YOLOX output
        }

        /** Whether the declared tensor can be the expected one: same name, type, rank, and each fixed size. */
        boolean accepts(Tensor expected) {
            if (!name.equals(expected.name) || type != expected.type || shape == null
                    || shape.length != expected.shape.length) {
                return false;
            }
            for (int i = 0; i < shape.length; i++) {
                if (shape[i] != DYNAMIC && shape[i] != expected.shape[i]) {
                    return false;
                }
            }
            return true;
        }

        /** {@code images [1, 3, 416, 416]}; a dynamic dimension shows its symbol or {@code ?}; a non-float type shows. */
        String describe(boolean withType) {
            StringBuilder s = new StringBuilder(name).append(' ');
            if (shape == null) {
                return s.append("(not a tensor)").toString();
            }
            if (withType) {
                s.append(type == null ? "?" : type.name().toLowerCase(Locale.ROOT)).append(' ');
            }
            s.append('[');
            for (int i = 0; i < shape.length; i++) {
                if (i > 0) {
                    s.append(", ");
                }
                if (shape[i] >= 0) {
                    s.append(shape[i]);
                } else {
                    String symbol = dimensionNames == null || i >= dimensionNames.length ? null : dimensionNames[i];
                    s.append(symbol == null || symbol.isEmpty() ? "?" : symbol);
                }
            }
            return s.append(']').toString();
        }

        @Override
        public String toString() {
            return describe(true);
        }
    }

    /**
     * Reads the file's tensors and compares them with the descriptor.
     *
     * @param classes the number of labels in the labels file
     * @throws ModelMismatchException if they differ, naming the model, the file and both shapes
     * @throws IllegalStateException  if ONNX Runtime cannot read the file
     */
    public static void check(ModelDescriptor d, int classes, Path weights) {
        long start = System.nanoTime();
        Map<String, Tensor> inputs;
        Map<String, Tensor> outputs;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            try (OrtSession session = OrtEnvironment.getEnvironment().createSession(weights.toString(), options)) {
                inputs = tensors(session.getInputInfo());
                outputs = tensors(session.getOutputInfo());
            }
        } catch (OrtException e) {
            throw new IllegalStateException("model " + d.name() + ": ONNX Runtime cannot read the input and output"
                    + " shapes of " + weights + ": " + e.getMessage(), e);
        }
        List<String> problems = compare(d, classes, inputs, outputs);
        if (!problems.isEmpty()) {
            throw new ModelMismatchException("model " + d.name() + " does not match its descriptor (file " + weights
                    + "): " + String.join("; ", problems));
        }
        log.debug("{}: the file's tensors {} -> {} match the descriptor (checked in {} ms)", d.name(),
                inputs.values(), outputs.values(), (System.nanoTime() - start) / 1_000_000);
    }

    private static Map<String, Tensor> tensors(Map<String, NodeInfo> infos) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        infos.forEach((name, info) -> out.put(name, Tensor.of(info)));
        return out;
    }

    /** The input tensor the descriptor describes. */
    static Tensor expectedInput(ModelDescriptor d) {
        return Tensor.expected(d.input().name(), 1, 3, d.input().height(), d.input().width());
    }

    /** The output tensor the descriptor and the labels describe. */
    static Tensor expectedOutput(ModelDescriptor d, int classes) {
        long rows = 0;
        for (int s : d.output().strides()) {
            rows += (long) (d.input().width() / s) * (d.input().height() / s);
        }
        return Tensor.expected(d.output().name(), 1, rows, 5 + classes);
    }

    /** Every difference, each as "descriptor says ..., the ONNX file has ...". */
    static List<String> compare(ModelDescriptor d, int classes, Map<String, Tensor> inputs,
                                Map<String, Tensor> outputs) {
        List<String> problems = new ArrayList<>();
        compare("input", expectedInput(d), "", inputs, problems);
        Tensor out = expectedOutput(d, classes);
        String outNote = " (strides " + d.output().strides() + " on " + d.input().width() + "x" + d.input().height()
                + ", 5 + " + classes + " labels in " + d.labels().file() + ")";
        compare("output", out, outNote, outputs, problems);
        return problems;
    }

    private static void compare(String kind, Tensor expected, String note, Map<String, Tensor> actual,
                                List<String> problems) {
        Tensor found = actual.get(expected.name());
        // YoloxTranslator feeds one tensor and reads one: a second input or output is a mismatch too.
        if (found != null && actual.size() == 1 && found.accepts(expected)) {
            return;
        }
        boolean withType = actual.values().stream().anyMatch(t -> t.type() != OnnxJavaType.FLOAT);
        String has = actual.isEmpty() ? "no " + kind
                : actual.values().stream().map(t -> t.describe(withType)).collect(Collectors.joining(", "));
        if (actual.size() > 1) {
            has = actual.size() + " " + kind + "s " + has;
        }
        problems.add("descriptor says " + kind + " " + expected.describe(withType) + note + ", the ONNX file has "
                + has);
    }
}
