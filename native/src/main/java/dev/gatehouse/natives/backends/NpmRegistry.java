package dev.gatehouse.natives.backends;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The two requests an install makes to an npm registry: the version document ({@code GET {registry}/{name}/{version}},
 * whose {@code dist} names the tarball and its integrity) and the tarball itself, streamed to a file while its
 * SHA-512 is computed. Both run under one deadline, which also covers a server that stops sending mid-body.
 */
final class NpmRegistry {

    /** The {@code dist} part of a version document. */
    record Dist(URI tarball, String integrity) {
    }

    /** The install's time budget: {@code total} from {@code startNanos} on the monotonic clock. */
    record Deadline(Duration total, long startNanos) {
        static Deadline startingNow(Duration total) {
            return new Deadline(total, System.nanoTime());
        }

        long remainingMillis() {
            return Math.max(0, total.toMillis() - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;
    private final URI base;

    NpmRegistry(HttpClient client, URI base) {
        this.client = client;
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text : text + "/");
    }

    URI versionDocument(String npmPackage, String version) {
        // npm accepts the scope's slash encoded; unencoded it would read as a path segment on some mirrors.
        return base.resolve(npmPackage.replace("/", "%2F") + "/" + version);
    }

    Dist dist(String npmPackage, String version, Deadline deadline) throws BackendInstallException {
        URI uri = versionDocument(npmPackage, version);
        HttpResponse<byte[]> response = await(uri, deadline,
                client.sendAsync(get(uri, deadline), HttpResponse.BodyHandlers.ofByteArray()), "reading");
        if (response.statusCode() == 404) {
            throw new BackendInstallException("the npm registry has no " + npmPackage + "@" + version + " (HTTP 404 from "
                    + uri + ")");
        }
        if (response.statusCode() != 200) {
            throw new BackendInstallException("the npm registry answered HTTP " + response.statusCode() + " for " + uri);
        }
        JsonNode dist;
        try {
            dist = JSON.readTree(response.body()).path("dist");
        } catch (IOException e) {
            throw new BackendInstallException(uri + " is not a JSON version document: " + e.getMessage(), e);
        }
        String tarball = dist.path("tarball").asText("");
        String integrity = dist.path("integrity").asText("");
        if (tarball.isBlank() || integrity.isBlank()) {
            throw new BackendInstallException(uri + ": the version document lacks dist.tarball or dist.integrity");
        }
        try {
            return new Dist(base.resolve(tarball), integrity);
        } catch (IllegalArgumentException e) {
            throw new BackendInstallException(uri + ": dist.tarball '" + tarball + "' is not a URL", e);
        }
    }

    /** Streams {@code tarball} into {@code target} and returns the SHA-512 of what was received. */
    byte[] download(URI tarball, Path target, Deadline deadline, Consumer<String> progress)
            throws BackendInstallException, IOException {
        MessageDigest sha512 = sha512();
        try (OutputStream out = Files.newOutputStream(target)) {
            Progress counter = new Progress(tarball, progress);
            HttpResponse<Void> response = await(tarball, deadline, client.sendAsync(get(tarball, deadline), info -> {
                if (info.statusCode() != 200) {
                    return BodySubscribers.replacing(null);
                }
                counter.start(info.headers().firstValueAsLong("content-length").orElse(-1));
                return BodySubscribers.ofByteArrayConsumer(chunk -> chunk.ifPresent(bytes -> {
                    try {
                        out.write(bytes);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    sha512.update(bytes);
                    counter.received(bytes.length);
                }));
            }), "downloading");
            if (response.statusCode() != 200) {
                throw new BackendInstallException("the npm registry answered HTTP " + response.statusCode() + " for "
                        + tarball);
            }
        }
        return sha512.digest();
    }

    private HttpRequest get(URI uri, Deadline deadline) throws BackendInstallException {
        long remaining = deadline.remainingMillis();
        if (remaining == 0) {
            throw new BackendInstallException("the install ran out of its " + deadline.total().toSeconds()
                    + " s deadline before requesting " + uri);
        }
        return HttpRequest.newBuilder(uri).GET().header("Accept", "application/json, application/octet-stream")
                .build();
    }

    private static <T> HttpResponse<T> await(URI uri, Deadline deadline, CompletableFuture<HttpResponse<T>> call,
            String doing) throws BackendInstallException {
        try {
            return call.get(deadline.remainingMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new BackendInstallException(doing + " " + uri + " did not finish within the install's deadline of "
                    + deadline.total().toSeconds() + " s; check the network, or point " + BackendInstaller.REGISTRY_ENV
                    + " at a closer npm registry", e);
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new BackendInstallException(doing + " " + uri + " was interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ConnectException || cause instanceof HttpConnectTimeoutException
                    || cause instanceof UnresolvedAddressException
                    || cause != null && cause.getCause() instanceof UnresolvedAddressException) {
                throw new BackendInstallException("cannot reach the npm registry at " + uri.getScheme() + "://"
                        + uri.getAuthority() + " (" + describe(cause) + "); check the network, or set "
                        + BackendInstaller.REGISTRY_ENV + " to a reachable npm registry", cause);
            }
            throw new BackendInstallException(doing + " " + uri + " failed: " + describe(cause), cause);
        }
    }

    private static String describe(Throwable t) {
        if (t == null) {
            return "unknown error";
        }
        String message = t.getMessage();
        String name = t.getClass().getSimpleName();
        return message == null || message.isBlank() ? name : name + ": " + message;
    }

    private static MessageDigest sha512() {
        try {
            return MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-512", e);
        }
    }

    /** Reports each further tenth of a download whose size is known, or every 16 MiB when it is not. */
    static final class Progress {
        private final URI uri;
        private final Consumer<String> sink;
        private long total = -1;
        private long received;
        private long nextReport;

        Progress(URI uri, Consumer<String> sink) {
            this.uri = uri;
            this.sink = sink;
        }

        void start(long contentLength) {
            total = contentLength;
            nextReport = step();
            sink.accept("downloading " + uri + (total > 0 ? " (" + mib(total) + ")" : ""));
        }

        void received(long bytes) {
            received += bytes;
            if (received >= nextReport && received != total) {
                sink.accept(total > 0
                        ? String.format(Locale.ROOT, "  %3d%%  %s of %s", received * 100 / total, mib(received), mib(total))
                        : "  " + mib(received));
                nextReport = received - received % step() + step();
            }
        }

        private long step() {
            return total > 0 ? Math.max(1, total / 10) : 16L << 20;
        }

        static String mib(long bytes) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1 << 20));
        }
    }
}
