package org.citywatch.analytics.detect;

/**
 * A model file whose input or output tensors do not match what its descriptor says: thrown at start-up, before any
 * frame is analysed. The message names the model, the file, and both shapes, e.g. {@code descriptor says input
 * images [1, 3, 416, 416], the ONNX file has images [1, 3, 640, 640]}.
 */
public final class ModelMismatchException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public ModelMismatchException(String message) {
        super(message);
    }
}
