package dev.gatehouse.manifest;

import dev.gatehouse.manifest.Builtins.Builtin;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Files of the GGUF models shipped in the jar. A GGUF model runs in a worker process that opens it by path, so the
 * resource is copied once to {@code <cache>/models/builtin/<sha256>/<file>} and reused by every later start.
 *
 * <p>The copy is written to a temporary file in the same folder, checked against the expected SHA-256, and renamed
 * into place atomically: a second server starting at the same moment sees either no file or a whole one, never a
 * half-written one. A file already there is used only after its checksum matches, so a damaged copy is replaced.
 */
public final class BuiltinModelFiles {
    /** System property naming the cache folder; tests point it into {@code target/}. */
    public static final String CACHE_DIR_PROPERTY = "gatehouse.cache.dir";
    private static final String SUBFOLDER = "models/builtin";
    /** Files whose checksum this process has already compared, so each is hashed once per process. */
    private static final Map<Path, Boolean> VERIFIED = new ConcurrentHashMap<>();

    private BuiltinModelFiles() {
    }

    /**
     * The file of the GGUF builtin {@code name} in the default cache ({@link #cacheRoot()}), extracted on first use;
     * when that folder cannot be written, a per-user folder under {@code java.io.tmpdir} instead.
     *
     * @throws IllegalArgumentException when no GGUF builtin has that name
     * @throws UncheckedIOException     when neither folder can hold the file, naming both
     */
    public static Path extracted(String name) {
        Path preferred = cacheRoot();
        try {
            return extract(name, preferred);
        } catch (UncheckedIOException first) {
            Path fallback = Path.of(System.getProperty("java.io.tmpdir"),
                    "gatehouse-cache-" + System.getProperty("user.name", "user"));
            try {
                return extract(name, fallback);
            } catch (UncheckedIOException second) {
                second.addSuppressed(first);
                throw new UncheckedIOException("cannot extract builtin model '" + name + "' to " + preferred
                        + " nor to " + fallback + "; set XDG_CACHE_HOME or -D" + CACHE_DIR_PROPERTY
                        + " to a writable folder (" + first.getMessage() + ")", second.getCause());
            }
        }
    }

    /**
     * The file of the GGUF builtin {@code name} under {@code cacheRoot}, extracted when absent or damaged.
     *
     * @throws IllegalArgumentException when no GGUF builtin has that name
     * @throws UncheckedIOException     when the folder cannot be written or the jar's copy is damaged
     */
    public static Path extract(String name, Path cacheRoot) {
        Builtin builtin = Builtins.find(name).filter(b -> b.format() == ModelFormat.GGUF)
                .orElseThrow(() -> new IllegalArgumentException("no builtin gguf model named '" + name
                        + "', expected one of " + Builtins.ALL.stream().filter(b -> b.format() == ModelFormat.GGUF)
                        .map(Builtin::name).toList()));
        Path dir = cacheRoot.resolve(SUBFOLDER).resolve(builtin.sha256()).toAbsolutePath().normalize();
        Path target = dir.resolve(builtin.fileName());
        try {
            if (Files.isRegularFile(target) && (VERIFIED.containsKey(target)
                    || builtin.sha256().equals(sha256(target)))) {
                VERIFIED.put(target, true);
                return target;
            }
            Files.createDirectories(dir);
            writeAtomically(builtin, target);
            VERIFIED.put(target, true);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract builtin model '" + name + "' to " + target + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * {@code -Dgatehouse.cache.dir}, else {@code $XDG_CACHE_HOME/gatehouse}, else {@code ~/.cache/gatehouse}: the
     * XDG base-directory convention, so the files survive restarts but not a cache clean-up.
     */
    public static Path cacheRoot() {
        return cacheRoot(System.getProperty(CACHE_DIR_PROPERTY), System.getenv("XDG_CACHE_HOME"),
                System.getProperty("user.home"));
    }

    static Path cacheRoot(String property, String xdgCacheHome, String home) {
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        // The XDG spec says a relative XDG_CACHE_HOME is invalid and must be ignored.
        if (xdgCacheHome != null && !xdgCacheHome.isBlank() && Path.of(xdgCacheHome).isAbsolute()) {
            return Path.of(xdgCacheHome, "gatehouse");
        }
        return Path.of(home, ".cache", "gatehouse");
    }

    private static void writeAtomically(Builtin builtin, Path target) throws IOException {
        Path part = Files.createTempFile(target.getParent(), builtin.fileName() + ".", ".part");
        try {
            MessageDigest digest = newDigest();
            try (InputStream in = Builtins.class.getClassLoader().getResourceAsStream(builtin.resource());
                 FileChannel out = FileChannel.open(part, StandardOpenOption.WRITE)) {
                if (in == null) {
                    throw new IOException("resource " + builtin.resource() + " is missing from the jar");
                }
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, n);
                    ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                    while (chunk.hasRemaining()) {
                        out.write(chunk);
                    }
                }
                // On disk before the rename, so a crash cannot leave a complete name over incomplete data.
                out.force(true);
            }
            String actual = HexFormat.of().formatHex(digest.digest());
            if (!actual.equals(builtin.sha256())) {
                throw new IOException("the jar's copy of " + builtin.resource() + " is damaged: expected sha256 "
                        + builtin.sha256() + ", was " + actual);
            }
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest = newDigest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
