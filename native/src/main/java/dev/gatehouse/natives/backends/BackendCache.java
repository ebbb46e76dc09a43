package dev.gatehouse.natives.backends;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The directory of installed llama.cpp builds. Layout, which the native loader relies on:
 * <pre>
 * &lt;root&gt;/&lt;name&gt;-&lt;version&gt;/backend.json     e.g. cpu-3.22.1/backend.json
 * &lt;root&gt;/&lt;name&gt;-&lt;version&gt;/lib/*.so           the package's shared libraries, names kept
 * &lt;root&gt;/.staging-* and .download-*          an install in progress (never listed)
 * </pre>
 * The root is {@code $GATEHOUSE_BACKENDS_DIR}, else {@code ${XDG_CACHE_HOME:-$HOME/.cache}/gatehouse/backends}.
 * An install only becomes visible by an atomic rename of a finished directory, so a listed install is complete.
 */
public final class BackendCache {

    /** Environment variable that overrides the cache root. */
    public static final String ROOT_ENV = "GATEHOUSE_BACKENDS_DIR";

    private final Path root;

    public BackendCache(Path root) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    }

    /** The cache at {@link #defaultRoot(Map)} for this environment. */
    public static BackendCache forEnvironment(Map<String, String> env) {
        return new BackendCache(defaultRoot(env));
    }

    /**
     * {@code $GATEHOUSE_BACKENDS_DIR}, else {@code $XDG_CACHE_HOME/gatehouse/backends} (when absolute, as the XDG
     * spec asks), else {@code $HOME/.cache/gatehouse/backends}; with no HOME in {@code env} the JVM's
     * {@code user.home} stands in, because a stripped environment should still find the user's cache.
     */
    public static Path defaultRoot(Map<String, String> env) {
        String override = env.get(ROOT_ENV);
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "gatehouse", "backends");
        }
        String home = env.get("HOME");
        if (home == null || home.isBlank()) {
            home = System.getProperty("user.home");
        }
        return Path.of(home, ".cache", "gatehouse", "backends");
    }

    public Path root() {
        return root;
    }

    /** Where the install of {@code kind} at {@code version} lives, whether or not it exists. */
    public Path directoryFor(BackendKind kind, String version) {
        return root.resolve(kind.id() + "-" + version);
    }

    /** Every complete install under the root, by name then version; unreadable or partial ones are left out. */
    public List<InstalledBackend> installed() {
        List<InstalledBackend> found = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path dir : dirs) {
                if (!dir.getFileName().toString().startsWith(".")) {
                    read(dir).ifPresent(found::add);
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list backend cache " + root + ": " + e.getMessage(), e);
        }
        found.sort(Comparator.comparing(InstalledBackend::name).thenComparing(InstalledBackend::version));
        return List.copyOf(found);
    }

    /** The install of {@code kind} at {@link BackendKind#PINNED_VERSION}, if complete. */
    public Optional<InstalledBackend> find(BackendKind kind) {
        return find(kind, BackendKind.PINNED_VERSION);
    }

    /** The install of {@code kind} at {@code version}, if complete. */
    public Optional<InstalledBackend> find(BackendKind kind, String version) {
        return read(directoryFor(kind, version));
    }

    /**
     * The install in {@code dir} when its descriptor reads, matches the directory's name, lists the three core
     * libraries and every library it lists is there; otherwise empty (a damaged install is treated as absent, and reinstalling replaces it).
     */
    Optional<InstalledBackend> read(Path dir) {
        InstalledBackend backend;
        try {
            backend = BackendJson.read(dir);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        if (!dir.getFileName().toString().equals(backend.name() + "-" + backend.version())
                || !InstalledBackend.missingCoreLibraries(backend.libraries()).isEmpty()) {
            return Optional.empty();
        }
        for (String library : backend.libraries()) {
            if (!Files.exists(backend.libDir().resolve(library), LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
        }
        return Optional.of(backend);
    }
}
