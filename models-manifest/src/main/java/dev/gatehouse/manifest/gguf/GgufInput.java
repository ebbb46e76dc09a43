package dev.gatehouse.manifest.gguf;

import dev.gatehouse.manifest.gguf.GgufFormatException.Problem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Little-endian reads from a file through one small window, so a header of a many-gigabyte model costs a few
 * kilobytes of memory. Every read checks the file's end first: a truncated file becomes a typed error, never an
 * attempt to allocate a length read from garbage.
 */
final class GgufInput {
    private static final int WINDOW = 64 * 1024;

    private final Path path;
    private final FileChannel channel;
    private final long size;
    private final ByteBuffer window = ByteBuffer.allocate(WINDOW).order(ByteOrder.LITTLE_ENDIAN);
    private long windowStart;

    GgufInput(Path path, FileChannel channel) throws IOException {
        this.path = path;
        this.channel = channel;
        this.size = channel.size();
        window.limit(0);
    }

    long size() {
        return size;
    }

    long position() {
        return windowStart + window.position();
    }

    long remaining() {
        return size - position();
    }

    int u8() throws GgufFormatException {
        return Byte.toUnsignedInt(fill(1, "a byte").get());
    }

    int i8() throws GgufFormatException {
        return fill(1, "a byte").get();
    }

    int u16() throws GgufFormatException {
        return Short.toUnsignedInt(fill(2, "a 16-bit value").getShort());
    }

    int i16() throws GgufFormatException {
        return fill(2, "a 16-bit value").getShort();
    }

    long u32() throws GgufFormatException {
        return Integer.toUnsignedLong(fill(4, "a 32-bit value").getInt());
    }

    int i32() throws GgufFormatException {
        return fill(4, "a 32-bit value").getInt();
    }

    /** A 64-bit value; unsigned values above Long.MAX_VALUE come back negative and callers bound-check them. */
    long i64() throws GgufFormatException {
        return fill(8, "a 64-bit value").getLong();
    }

    float f32() throws GgufFormatException {
        return fill(4, "a float").getFloat();
    }

    double f64() throws GgufFormatException {
        return fill(8, "a double").getDouble();
    }

    /** A string of at most {@code maxBytes} bytes; a longer one is CORRUPT before anything is allocated. */
    String string(String what, long maxBytes) throws GgufFormatException {
        long start = position();
        long length = i64();
        if (length < 0 || length > remaining()) {
            throw new GgufFormatException(path, Problem.TRUNCATED, "the length of " + what + " at byte " + start
                    + " is " + Long.toUnsignedString(length) + " bytes, beyond the end of the file (" + size
                    + " bytes)");
        }
        if (length > maxBytes || length > Integer.MAX_VALUE - 16) {
            throw new GgufFormatException(path, Problem.CORRUPT, what + " at byte " + start + " is " + length
                    + " bytes long, more than the " + Math.max(0, maxBytes) + " bytes left for the header's strings");
        }
        byte[] bytes = new byte[(int) length];
        int done = 0;
        while (done < bytes.length) {
            int chunk = Math.min(bytes.length - done, WINDOW);
            fill(chunk, what).get(bytes, done, chunk);
            done += chunk;
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Skips a string without keeping it. */
    void skipString(String what) throws GgufFormatException {
        long start = position();
        long length = i64();
        if (length < 0 || length > remaining()) {
            throw new GgufFormatException(path, Problem.TRUNCATED, "the length of " + what + " at byte " + start
                    + " is " + Long.toUnsignedString(length) + " bytes, beyond the end of the file (" + size
                    + " bytes)");
        }
        skip(length, what);
    }

    void skip(long bytes, String what) throws GgufFormatException {
        if (bytes > remaining()) {
            throw truncated(what);
        }
        long target = position() + bytes;
        if (target <= windowStart + window.limit()) {
            window.position((int) (target - windowStart));
        } else {
            windowStart = target;
            window.limit(0);
        }
    }

    private ByteBuffer fill(int bytes, String what) throws GgufFormatException {
        if (window.remaining() >= bytes) {
            return window;
        }
        if (bytes > remaining()) {
            throw truncated(what);
        }
        windowStart = position();
        window.clear();
        try {
            while (window.position() < bytes) {
                int read = channel.read(window, windowStart + window.position());
                if (read < 0) {
                    throw truncated(what);
                }
            }
        } catch (IOException e) {
            throw new GgufFormatException(path, Problem.UNREADABLE, "reading failed at byte " + windowStart + ": "
                    + e.getMessage(), e);
        }
        window.flip();
        return window;
    }

    private GgufFormatException truncated(String what) {
        return new GgufFormatException(path, Problem.TRUNCATED, "file ends at byte " + size + " while reading "
                + what + " at byte " + position());
    }
}
