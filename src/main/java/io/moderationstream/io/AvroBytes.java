package io.moderationstream.io;

import java.nio.ByteBuffer;

/** Copies the readable part of a buffer: Avro's encoders may return a view over a larger reused array. */
public final class AvroBytes {
    private AvroBytes() {}

    public static byte[] toArray(ByteBuffer buffer) {
        ByteBuffer view = buffer.duplicate();
        byte[] bytes = new byte[view.remaining()];
        view.get(bytes);
        return bytes;
    }
}
