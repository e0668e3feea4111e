package io.moderationstream.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes small ONNX models (protobuf wire format by hand: no Python, no binary test fixtures), so tests can serve a
 * model of a known shape and known outputs through ONNX Runtime. Field numbers are those of onnx.proto.
 */
public final class OnnxGraph {
    private static final int FLOAT = 1;
    private static final int INT64 = 7;

    private final List<byte[]> nodes = new ArrayList<>();
    private final List<byte[]> initializers = new ArrayList<>();
    private final List<byte[]> inputs = new ArrayList<>();
    private final List<byte[]> outputs = new ArrayList<>();

    /** An int64 input of shape [batch, sequence] (symbolic dimensions), like a tokenizer's ids. */
    public OnnxGraph tokenInput(String name) {
        inputs.add(valueInfo(name, INT64, "batch", "sequence"));
        return this;
    }

    /** A float output of shape [batch, width]. */
    public OnnxGraph floatOutput(String name, int width) {
        outputs.add(valueInfo(name, FLOAT, "batch", width));
        return this;
    }

    public OnnxGraph floatInitializer(String name, float[] values, long... dims) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            raw.putFloat(v);
        }
        Proto t = new Proto();
        for (long d : dims) {
            t.varint(1, d);
        }
        t.varint(2, FLOAT).string(8, name).bytes(9, raw.array());
        initializers.add(t.toBytes());
        return this;
    }

    /** A node; attributes are int ("name", 5L) or int-list ("name", new long[] {...}) pairs. */
    public OnnxGraph node(String opType, List<String> in, String out, Object... attributes) {
        Proto n = new Proto();
        in.forEach(i -> n.string(1, i));
        n.string(2, out).string(3, out + "_node").string(4, opType);
        for (int a = 0; a < attributes.length; a += 2) {
            Proto attr = new Proto().string(1, (String) attributes[a]);
            if (attributes[a + 1] instanceof long[] ints) {
                for (long v : ints) {
                    attr.varint(8, v);
                }
                attr.varint(20, 7);
            } else {
                attr.varint(3, ((Number) attributes[a + 1]).longValue()).varint(20, 2);
            }
            n.message(5, attr);
        }
        nodes.add(n.toBytes());
        return this;
    }

    /** The model file's bytes (IR version 7, default-domain opset 11). */
    public byte[] toBytes() {
        Proto graph = new Proto();
        nodes.forEach(n -> graph.bytes(1, n));
        graph.string(2, "test-graph");
        initializers.forEach(i -> graph.bytes(5, i));
        inputs.forEach(i -> graph.bytes(11, i));
        outputs.forEach(o -> graph.bytes(12, o));
        return new Proto().varint(1, 7).string(2, "moderation-stream-tests")
                .message(8, new Proto().string(1, "").varint(2, 11))
                .message(7, graph).toBytes();
    }

    private static byte[] valueInfo(String name, int elemType, Object... dims) {
        Proto shape = new Proto();
        for (Object d : dims) {
            shape.message(1, d instanceof String param ? new Proto().string(2, param) : new Proto().varint(1, ((Number) d).longValue()));
        }
        Proto tensorType = new Proto().varint(1, elemType).message(2, shape);
        return new Proto().string(1, name).message(2, new Proto().message(1, tensorType)).toBytes();
    }

    /** Protobuf wire format: varints and length-delimited fields are all an ONNX model needs. */
    private static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Proto varint(int field, long value) {
            writeVarint(((long) field << 3));
            writeVarint(value);
            return this;
        }

        Proto bytes(int field, byte[] value) {
            writeVarint(((long) field << 3) | 2);
            writeVarint(value.length);
            out.writeBytes(value);
            return this;
        }

        Proto string(int field, String value) {
            return bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }

        Proto message(int field, Proto value) {
            return bytes(field, value.toBytes());
        }

        byte[] toBytes() {
            return out.toByteArray();
        }

        private void writeVarint(long value) {
            while ((value & ~0x7FL) != 0) {
                out.write((int) ((value & 0x7F) | 0x80));
                value >>>= 7;
            }
            out.write((int) value);
        }
    }
}
