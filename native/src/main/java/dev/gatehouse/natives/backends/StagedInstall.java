package dev.gatehouse.natives.backends;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/** How a finished staging directory becomes an install, for every kind of backend in the cache. */
final class StagedInstall {

    /** Reads the install a directory holds, empty when it is not a complete one. */
    interface Reader<T> {
        Optional<T> read(Path dir) throws IOException;
    }

    private StagedInstall() {}

    /**
     * Renames {@code staging} to {@code target} atomically. If another process got there first with a complete
     * install, that one stays and is returned; a damaged directory in the way is moved aside and removed.
     */
    static <T> T publish(Path staging, Path target, Path cacheRoot, T installed, Reader<T> reader) throws IOException {
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            return installed;
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the cache root " + cacheRoot + " does not support atomic renames", e);
        } catch (IOException e) {
            // rename(2) onto a non-empty directory: Java reports it as FileAlreadyExists, DirectoryNotEmpty or a plain
            // FileSystemException depending on the path taken, so the directory itself is what we look at.
            if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw e;
            }
        }
        Optional<T> winner = reader.read(target);
        if (winner.isPresent()) {
            return winner.get();
        }
        Path stale = cacheRoot.resolve(".stale-" + target.getFileName() + "-" + System.nanoTime());
        Files.move(target, stale, StandardCopyOption.ATOMIC_MOVE);
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            BackendInstaller.deleteQuietly(stale);
        }
        return installed;
    }
}
