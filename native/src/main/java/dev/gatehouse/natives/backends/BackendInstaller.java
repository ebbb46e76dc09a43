package dev.gatehouse.natives.backends;

import dev.gatehouse.natives.download.DeadlineDownloads;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Installs a llama.cpp build from the npm registry into a {@link BackendCache}, with no Node involved:
 * <ol>
 *   <li>an existing complete install of the same name and version is kept as it is;</li>
 *   <li>the version document gives the tarball's URL and its {@code sha512} integrity;</li>
 *   <li>the tarball is downloaded into the cache root as a hidden temp file, under one deadline for the whole
 *       install, and its SHA-512 compared with the integrity;</li>
 *   <li>its {@code bins/<platform>/} libraries go into a hidden staging directory with a {@code backend.json};</li>
 *   <li>the staging directory is renamed atomically to {@code <root>/<name>-<version>}.</li>
 * </ol>
 * Any failure removes the temp file and the staging directory, so the cache holds a complete install or none.
 */
public final class BackendInstaller {

    /** Environment variable naming another npm registry (a mirror, or a local server in tests). */
    public static final String REGISTRY_ENV = "GATEHOUSE_NPM_REGISTRY";
    public static final URI DEFAULT_REGISTRY = URI.create("https://registry.npmjs.org");
    /** Enough for the 143 MB CUDA package on a slow line; a stalled download fails after this, not never. */
    public static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(15);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);

    private final BackendCache cache;
    private final URI registry;
    private final Duration deadline;
    private final Clock clock;

    public BackendInstaller(BackendCache cache, URI registry, Duration deadline, Clock clock) {
        this.cache = Objects.requireNonNull(cache, "cache");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.deadline = Objects.requireNonNull(deadline, "deadline");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("deadline must be positive: " + deadline);
        }
    }

    /** Installs into {@link BackendCache#forEnvironment(Map)} from {@code $GATEHOUSE_NPM_REGISTRY} or npmjs.org. */
    public static BackendInstaller forEnvironment(Map<String, String> env) {
        String registry = env.get(REGISTRY_ENV);
        URI uri;
        try {
            uri = registry == null || registry.isBlank() ? DEFAULT_REGISTRY : URI.create(registry.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(REGISTRY_ENV + " must be a URL such as " + DEFAULT_REGISTRY + ", got '"
                    + registry + "'", e);
        }
        if (uri.getScheme() == null || !uri.getScheme().matches("https?")) {
            throw new IllegalArgumentException(REGISTRY_ENV + " must be an http or https URL, got '" + registry + "'");
        }
        return new BackendInstaller(BackendCache.forEnvironment(env), uri, DEFAULT_DEADLINE, Clock.systemUTC());
    }

    public BackendCache cache() {
        return cache;
    }

    public URI registry() {
        return registry;
    }

    /** {@link #install(BackendKind, String, Consumer)} of the pinned version, progress as lines on {@code progress}. */
    public InstalledBackend install(BackendKind kind, PrintStream progress) throws BackendInstallException {
        return install(kind, BackendKind.PINNED_VERSION, progress::println);
    }

    /** {@link #install(BackendKind, String, Consumer)} of {@link BackendKind#PINNED_VERSION}. */
    public InstalledBackend install(BackendKind kind, Consumer<String> progress) throws BackendInstallException {
        return install(kind, BackendKind.PINNED_VERSION, progress);
    }

    /** Installs {@code kind} at {@code version} unless a complete install is there; returns the install. */
    public InstalledBackend install(BackendKind kind, String version, Consumer<String> progress)
            throws BackendInstallException {
        Optional<InstalledBackend> existing = cache.find(kind, version);
        if (existing.isPresent()) {
            progress.accept(kind.id() + " backend " + version + " is already installed in " + existing.get().dir());
            return existing.get();
        }
        String label = kind.npmPackage() + "@" + version;
        Path tgz = null;
        Path staging = null;
        try {
            Files.createDirectories(cache.root());
            tgz = Files.createTempFile(cache.root(), ".download-" + kind.id() + "-" + version + "-", ".tgz");
            String integrity = download(kind.npmPackage(), version, tgz, progress);
            staging = Files.createTempDirectory(cache.root(), ".staging-" + kind.id() + "-" + version + "-");
            // temp directories start private (0700); the install is shared like any library directory
            Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rwxr-xr-x"));
            PackageUnpacker.Unpacked unpacked = PackageUnpacker.unpack(tgz, kind.binsDirectory(), staging.resolve("lib"));
            InstalledBackend installed = new InstalledBackend(kind.id(), version, cache.directoryFor(kind, version),
                    kind.npmPackage(), integrity, unpacked.llamaCppRelease(), clock.instant(), unpacked.libraries());
            BackendJson.write(installed, staging.resolve(BackendJson.FILE_NAME));
            InstalledBackend result = publish(staging, installed);
            progress.accept("installed " + kind.id() + " backend " + version + " (llama.cpp "
                    + result.llamaCppRelease() + ", " + result.libraries().size() + " libraries) in " + result.dir());
            return result;
        } catch (IOException | UncheckedIOException e) {
            throw new BackendInstallException("installing " + label + " into " + cache.root() + " failed: " + e, e);
        } finally {
            deleteQuietly(tgz);
            deleteQuietly(staging);
        }
    }

    /** Fetches and verifies the tarball into {@code tgz}; returns its verified integrity. */
    private String download(String npmPackage, String version, Path tgz, Consumer<String> progress)
            throws BackendInstallException, IOException {
        DeadlineDownloads.Deadline budget = DeadlineDownloads.Deadline.startingNow(deadline);
        HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        try (client) {
            NpmRegistry npm = new NpmRegistry(client, registry);
            progress.accept("fetching " + npmPackage + "@" + version + " from " + registry);
            NpmRegistry.Dist dist = npm.dist(npmPackage, version, budget);
            byte[] expected = Sha512Integrity.parse(dist.integrity());
            byte[] actual = npm.download(dist.tarball(), tgz, budget, progress);
            if (!MessageDigest.isEqual(expected, actual)) {
                throw new BackendInstallException("integrity mismatch for " + npmPackage + "@" + version + " from "
                        + dist.tarball() + ": expected " + Sha512Integrity.format(expected) + ", got "
                        + Sha512Integrity.format(actual) + "; nothing was installed");
            }
            progress.accept("verified its sha512 integrity");
            return Sha512Integrity.format(expected);
        } finally {
            // A request abandoned at the deadline must not keep the client (and a build's JVM) waiting.
            client.shutdownNow();
        }
    }

    private InstalledBackend publish(Path staging, InstalledBackend installed) throws IOException {
        return StagedInstall.publish(staging, installed.dir(), cache.root(), installed, cache::read);
    }

    static void deleteQuietly(Path path) {
        if (path == null || !Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(path, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // Left-overs are hidden dot-files in the cache root; failing the install over them would hide its result.
        }
    }
}
