package dev.gatehouse.natives.download;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The partial file a resumable download writes into. It is opened only once the server has answered with a body, so
 * a request that fails before (offline, 404) leaves no file behind.
 */
final class PartFile implements AutoCloseable {
    private final Path path;
    private FileChannel channel;

    PartFile(Path path) {
        this.path = path;
    }

    /** Opens the file to append after its bytes, or emptied when {@code append} is false. */
    synchronized void open(boolean append) {
        try {
            channel = append
                    ? FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.APPEND)
                    : FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                            StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    synchronized void write(byte[] bytes) {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (channel != null) {
            channel.close();
        }
    }
}
