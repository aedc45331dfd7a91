package org.citywatch.analytics.detect;

import java.util.Locale;

/**
 * Where ONNX Runtime runs the model: {@code cpu} (the default), or {@code cuda} / {@code cuda:N} for ONNX
 * Runtime's CUDA execution provider on GPU N. CUDA needs the {@code onnxruntime_gpu} build (Maven profile
 * {@code gpu}) and a machine with the CUDA and cuDNN libraries it was built for; where either is missing the
 * detector falls back to the CPU and says so once (see {@link OnnxDetector#open}).
 *
 * @param cuda  true for the CUDA provider
 * @param gpuId the GPU's index when {@code cuda}
 */
public record ExecutionDevice(boolean cuda, int gpuId) {

    public static final ExecutionDevice CPU = new ExecutionDevice(false, 0);

    public ExecutionDevice {
        if (gpuId < 0) {
            throw new IllegalArgumentException("GPU index must be >= 0: " + gpuId);
        }
    }

    /** Parses {@code cpu}, {@code cuda} or {@code cuda:N}. */
    public static ExecutionDevice parse(String text) {
        String v = text.trim().toLowerCase(Locale.ROOT);
        if (v.equals("cpu")) {
            return CPU;
        }
        if (v.equals("cuda") || v.equals("gpu")) {
            return new ExecutionDevice(true, 0);
        }
        if (v.startsWith("cuda:")) {
            try {
                return new ExecutionDevice(true, Integer.parseInt(v.substring(5)));
            } catch (IllegalArgumentException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException("analytics.device must be cpu, cuda or cuda:N, got '" + text + "'");
    }

    @Override
    public String toString() {
        return cuda ? "cuda:" + gpuId : "cpu";
    }
}
