package org.citywatch.analytics.detect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.citywatch.assets.ModelDescriptor;

/**
 * The YOLOX pre- and post-processing, kept beside the model as DJL's translators do: {@link Letterbox} into a
 * reusable direct buffer on the way in, {@link YoloxDecoder} on the way out.
 *
 * <p>Holds one input buffer, so it serves one predictor used by one thread at a time (DJL predictors are not
 * thread-safe either). The input buffer is direct and native-order, so ONNX Runtime wraps it without copying;
 * it is safe to reuse because DJL closes the input tensor at the end of each predict call.
 */
public final class YoloxTranslator implements NoBatchifyTranslator<Mat, List<Detection>>, AutoCloseable {

    /** TranslatorContext attachment carrying the letterbox geometry from processInput to processOutput. */
    static final String GEOMETRY = "citywatch.letterbox.geometry";

    private final Letterbox letterbox;
    private final YoloxDecoder decoder;
    private final String inputName;
    private final Shape inputShape;
    private final Shape expectedShape;
    private final FloatBuffer input;

    public YoloxTranslator(Letterbox letterbox, YoloxDecoder decoder, String inputName) {
        this.letterbox = letterbox;
        this.decoder = decoder;
        this.inputName = inputName;
        this.inputShape = new Shape(1, 3, letterbox.height(), letterbox.width());
        this.expectedShape = new Shape(1, decoder.rows(), decoder.columns());
        this.input = letterbox.newDirectBuffer();
    }

    /** The translator a descriptor describes; it owns (and closes) its letterbox. */
    public static YoloxTranslator forModel(ModelDescriptor d, List<String> labels) {
        YoloxDecoder decoder = YoloxDecoder.forModel(d, labels);
        return new YoloxTranslator(Letterbox.forModel(d), decoder, d.input().name());
    }

    @Override
    public NDList processInput(TranslatorContext ctx, Mat frame) {
        Letterbox.Geometry g = letterbox.fill(frame, input);
        ctx.setAttachment(GEOMETRY, g);
        NDArray array = ctx.getNDManager().create(input.duplicate().rewind(), inputShape, DataType.FLOAT32);
        array.setName(inputName);
        return new NDList(array);
    }

    @Override
    public List<Detection> processOutput(TranslatorContext ctx, NDList list) {
        Letterbox.Geometry g = (Letterbox.Geometry) ctx.getAttachment(GEOMETRY);
        if (g == null) {
            throw new IllegalStateException("no letterbox geometry attached: processInput did not run");
        }
        // Checked on every frame: a model with dynamic dimensions passes the start-up check (OnnxModelShapes)
        // whatever it returns. An unexpected output fails this frame only, with both shapes in the message.
        if (list.size() != 1) {
            throw new IllegalStateException("the model returned " + list.size() + " outputs "
                    + Arrays.toString(list.getShapes()) + ", expected one float32 " + expectedShape);
        }
        NDArray out = list.get(0);
        if (out.getDataType() != DataType.FLOAT32 || !out.getShape().equals(expectedShape)) {
            throw new IllegalStateException("the model returned output " + out.getDataType() + " "
                    + out.getShape() + ", expected float32 " + expectedShape);
        }
        // ORT's Java API only hands out copies of an output; one direct copy, read in place by the decoder.
        FloatBuffer raw = out.toByteBuffer().order(ByteOrder.nativeOrder()).asFloatBuffer();
        return decoder.decode(raw, g);
    }

    public YoloxDecoder decoder() {
        return decoder;
    }

    public Letterbox letterbox() {
        return letterbox;
    }

    @Override
    public void close() {
        letterbox.close();
    }
}
