package org.citywatch.analytics.detect;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes small, valid ONNX models by hand-encoding the ModelProto protobuf (IR version 7, opset 11), so that
 * tests can run real ONNX Runtime on files of any shape without downloading anything.
 *
 * <p>Field numbers are those of onnx.proto: ModelProto ir_version=1, graph=7, opset_import=8; GraphProto node=1,
 * name=2, initializer=5, input=11, output=12; NodeProto input=1, output=2, name=3, op_type=4, attribute=5;
 * AttributeProto name=1, i=3, type=20; ValueInfoProto name=1, type=2; TypeProto tensor_type=1; Tensor
 * elem_type=1, shape=2; TensorShapeProto dim=1; Dimension dim_value=1, dim_param=2; TensorProto dims=1,
 * data_type=2, name=8, raw_data=9.
 */
final class TinyOnnx {

    static final int FLOAT = 1;
    static final int INT64 = 7;
    private static final int ATTRIBUTE_INT = 2;

    private final List<byte[]> nodes = new ArrayList<>();
    private final List<byte[]> initializers = new ArrayList<>();
    private final List<byte[]> inputs = new ArrayList<>();
    private final List<byte[]> outputs = new ArrayList<>();

    /** A float graph input; a dimension is a Long (fixed) or a String (symbolic). */
    TinyOnnx input(String name, Object... dims) {
        inputs.add(valueInfo(name, dims));
        return this;
    }

    /** A float graph output; a dimension is a Long/Integer (fixed) or a String (symbolic). */
    TinyOnnx output(String name, Object... dims) {
        outputs.add(valueInfo(name, dims));
        return this;
    }

    /** A constant int64 tensor; an empty dims array makes a scalar. */
    TinyOnnx int64(String name, long[] dims, long... values) {
        ByteBuffer raw = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            raw.putLong(v);
        }
        initializers.add(tensor(name, INT64, dims, raw.array()));
        return this;
    }

    /** A constant float scalar. */
    TinyOnnx floatScalar(String name, float value) {
        byte[] raw = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(value).array();
        initializers.add(tensor(name, FLOAT, new long[0], raw));
        return this;
    }

    /** A node; attributes are name, int value pairs ("keepdims", 0L). */
    TinyOnnx node(String opType, List<String> in, List<String> out, Object... intAttributes) {
        Proto n = new Proto();
        in.forEach(i -> n.string(1, i));
        out.forEach(o -> n.string(2, o));
        n.string(3, opType + "_" + nodes.size());
        n.string(4, opType);
        for (int i = 0; i < intAttributes.length; i += 2) {
            n.message(5, new Proto().string(1, (String) intAttributes[i])
                    .varint(3, ((Number) intAttributes[i + 1]).longValue()).varint(20, ATTRIBUTE_INT).bytes());
        }
        nodes.add(n.bytes());
        return this;
    }

    byte[] bytes() {
        Proto graph = new Proto();
        nodes.forEach(n -> graph.message(1, n));
        graph.string(2, "citywatch_test");
        initializers.forEach(t -> graph.message(5, t));
        inputs.forEach(i -> graph.message(11, i));
        outputs.forEach(o -> graph.message(12, o));
        return new Proto()
                .varint(1, 7) // ir_version
                .string(2, "citywatch-tests") // producer_name
                .message(7, graph.bytes())
                .message(8, new Proto().string(1, "").varint(2, 11).bytes()) // opset ai.onnx 11
                .bytes();
    }

    Path write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return Files.write(file, bytes());
    }

    /**
     * A model {@code input [1, 3, h, w] -> output [1, rows, columns]} holding the first rows*columns input values:
     * Reshape to [1, -1], Slice, Reshape. The declared output dimensions may differ from the real ones (a String
     * declares a symbolic one).
     */
    static TinyOnnx slicing(String inputName, int h, int w, String outputName, long rows, long columns,
                            Object... declaredOutput) {
        if (rows * columns > 3L * h * w) {
            throw new IllegalArgumentException("the input is too small for the output");
        }
        Object[] declared = declaredOutput.length > 0 ? declaredOutput : new Object[] {1L, rows, columns};
        return new TinyOnnx()
                .input(inputName, 1L, 3L, (long) h, (long) w)
                .output(outputName, declared)
                .int64("flat_shape", new long[] {2}, 1, -1)
                .int64("starts", new long[] {1}, 0)
                .int64("ends", new long[] {1}, rows * columns)
                .int64("axes", new long[] {1}, 1)
                .int64("out_shape", new long[] {3}, 1, rows, columns)
                .node("Reshape", List.of(inputName, "flat_shape"), List.of("flat"))
                .node("Slice", List.of("flat", "starts", "ends", "axes"), List.of("sliced"))
                .node("Reshape", List.of("sliced", "out_shape"), List.of(outputName));
    }

    /**
     * A model {@code input [1, 3, h, w] -> output [1, rows, columns]} of zeros whose rows depend on the frame:
     * rows = max(input) * rowsPerUnit. Its declared output is {@code [1, "rows", columns]}, so ONNX Runtime
     * cannot know the size before it runs.
     */
    static TinyOnnx dataDependent(String inputName, int h, int w, String outputName, long rowsPerUnit,
                                  long columns) {
        return new TinyOnnx()
                .input(inputName, 1L, 3L, (long) h, (long) w)
                .output(outputName, 1L, "rows", columns)
                .int64("flat_shape", new long[] {1}, -1)
                .int64("per_unit", new long[0], rowsPerUnit * columns)
                .int64("one", new long[] {1}, 1)
                .int64("starts", new long[] {1}, 0)
                .int64("axes", new long[] {1}, 0)
                .floatScalar("zero", 0f)
                .int64("out_shape", new long[] {3}, 1, -1, columns)
                .node("Reshape", List.of(inputName, "flat_shape"), List.of("flat"))
                .node("ReduceMax", List.of(inputName), List.of("max"), "keepdims", 0L)
                .node("Cast", List.of("max"), List.of("max_int"), "to", (long) INT64)
                .node("Mul", List.of("max_int", "per_unit"), List.of("end"))
                .node("Reshape", List.of("end", "one"), List.of("ends"))
                .node("Slice", List.of("flat", "starts", "ends", "axes"), List.of("sliced"))
                .node("Mul", List.of("sliced", "zero"), List.of("zeros"))
                .node("Reshape", List.of("zeros", "out_shape"), List.of(outputName));
    }

    private static byte[] valueInfo(String name, Object... dims) {
        Proto shape = new Proto();
        for (Object d : dims) {
            Proto dim = d instanceof String symbol ? new Proto().string(2, symbol)
                    : new Proto().varint(1, ((Number) d).longValue());
            shape.message(1, dim.bytes());
        }
        Proto tensorType = new Proto().varint(1, FLOAT).message(2, shape.bytes());
        Proto type = new Proto().message(1, tensorType.bytes());
        return new Proto().string(1, name).message(2, type.bytes()).bytes();
    }

    private static byte[] tensor(String name, int dataType, long[] dims, byte[] raw) {
        Proto t = new Proto();
        for (long d : dims) {
            t.varint(1, d);
        }
        return t.varint(2, dataType).string(8, name).bytes(9, raw).bytes();
    }

    /** The protobuf wire format: varints (wire type 0) and length-delimited fields (wire type 2). */
    private static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Proto varint(int field, long value) {
            raw((long) field << 3);
            raw(value);
            return this;
        }

        Proto bytes(int field, byte[] value) {
            raw((long) field << 3 | 2);
            raw(value.length);
            out.writeBytes(value);
            return this;
        }

        Proto string(int field, String value) {
            return bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }

        Proto message(int field, byte[] value) {
            return bytes(field, value);
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        private void raw(long v) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) (v & 0x7F) | 0x80);
                v >>>= 7;
            }
            out.write((int) v);
        }
    }
}
