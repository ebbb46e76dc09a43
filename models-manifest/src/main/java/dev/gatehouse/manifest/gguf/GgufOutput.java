package dev.gatehouse.manifest.gguf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/** Little-endian writes to a file through one buffer, tracking the file position for alignment. */
final class GgufOutput {
    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
    private long flushed;

    GgufOutput(FileChannel channel) {
        this.channel = channel;
    }

    long position() {
        return flushed + buffer.position();
    }

    GgufOutput u8(int value) throws IOException {
        room(1).put((byte) value);
        return this;
    }

    GgufOutput u16(int value) throws IOException {
        room(2).putShort((short) value);
        return this;
    }

    GgufOutput u32(long value) throws IOException {
        room(4).putInt((int) value);
        return this;
    }

    GgufOutput u64(long value) throws IOException {
        room(8).putLong(value);
        return this;
    }

    GgufOutput f32(float value) throws IOException {
        room(4).putFloat(value);
        return this;
    }

    GgufOutput f64(double value) throws IOException {
        room(8).putDouble(value);
        return this;
    }

    GgufOutput string(String value) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        u64(bytes.length);
        int done = 0;
        while (done < bytes.length) {
            int chunk = Math.min(bytes.length - done, buffer.capacity());
            room(chunk).put(bytes, done, chunk);
            done += chunk;
        }
        return this;
    }

    /** Zero bytes up to the next multiple of {@code alignment}. */
    void pad(int alignment) throws IOException {
        long target = GgufReader.alignUp(position(), alignment);
        while (position() < target) {
            u8(0);
        }
    }

    void flush() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            flushed += channel.write(buffer);
        }
        buffer.clear();
    }

    private ByteBuffer room(int bytes) throws IOException {
        if (buffer.remaining() < bytes) {
            flush();
        }
        return buffer;
    }
}
