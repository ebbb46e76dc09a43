package dev.gatehouse.natives.backends;

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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The two requests an onnx-cuda install makes to a Maven repository: the {@code .sha1} file published beside an
 * artifact, and the artifact itself, streamed to a file while its SHA-1 and SHA-256 are computed. Both run under the
 * install's one deadline.
 */
final class MavenRepository {

    /** The digests of what was received, lower-case hex. */
    record Digests(String sha1, String sha256) {
    }

    private static final Pattern SHA1 = Pattern.compile("[0-9a-f]{40}");

    private final HttpClient client;
    private final URI base;

    MavenRepository(HttpClient client, URI base) {
        this.client = client;
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text : text + "/");
    }

    URI resolve(String path) {
        return base.resolve(path);
    }

    /**
     * The SHA-1 the repository publishes at {@code <artifact>.sha1}. The file holds the hex digest, sometimes followed
     * by the file name ({@code sha1sum} style), so the first word is taken.
     */
    String publishedSha1(String artifactPath, NpmRegistry.Deadline deadline) throws BackendInstallException {
        URI uri = resolve(artifactPath + ".sha1");
        HttpResponse<byte[]> response = await(uri, deadline,
                client.sendAsync(get(uri, deadline), HttpResponse.BodyHandlers.ofByteArray()), "reading");
        if (response.statusCode() == 404) {
            throw new BackendInstallException("the Maven repository has no " + artifactPath + " (HTTP 404 from " + uri
                    + ")");
        }
        if (response.statusCode() != 200) {
            throw new BackendInstallException("the Maven repository answered HTTP " + response.statusCode() + " for "
                    + uri);
        }
        String text = new String(response.body(), StandardCharsets.US_ASCII).strip();
        String first = text.isEmpty() ? "" : text.split("\\s+")[0].toLowerCase(Locale.ROOT);
        if (!SHA1.matcher(first).matches()) {
            throw new BackendInstallException(uri + " does not hold a SHA-1 (40 hex digits): '"
                    + (text.length() > 80 ? text.substring(0, 80) + "..." : text) + "'");
        }
        return first;
    }

    /** Streams {@code artifactPath} into {@code target}; returns the digests of what was received. */
    Digests download(String artifactPath, Path target, NpmRegistry.Deadline deadline, Consumer<String> progress)
            throws BackendInstallException, IOException {
        URI uri = resolve(artifactPath);
        MessageDigest sha1 = digest("SHA-1");
        MessageDigest sha256 = digest("SHA-256");
        try (OutputStream out = Files.newOutputStream(target)) {
            NpmRegistry.Progress counter = new NpmRegistry.Progress(uri, progress);
            HttpResponse<Void> response = await(uri, deadline, client.sendAsync(get(uri, deadline), info -> {
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
                    sha1.update(bytes);
                    sha256.update(bytes);
                    counter.received(bytes.length);
                }));
            }), "downloading");
            if (response.statusCode() != 200) {
                throw new BackendInstallException("the Maven repository answered HTTP " + response.statusCode()
                        + " for " + uri);
            }
        }
        return new Digests(HexFormat.of().formatHex(sha1.digest()), HexFormat.of().formatHex(sha256.digest()));
    }

    private static HttpRequest get(URI uri, NpmRegistry.Deadline deadline) throws BackendInstallException {
        if (deadline.remainingMillis() == 0) {
            throw new BackendInstallException("the install ran out of its " + deadline.total().toSeconds()
                    + " s deadline before requesting " + uri);
        }
        return HttpRequest.newBuilder(uri).GET().build();
    }

    private static <T> HttpResponse<T> await(URI uri, NpmRegistry.Deadline deadline,
            CompletableFuture<HttpResponse<T>> call, String doing) throws BackendInstallException {
        try {
            return call.get(deadline.remainingMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new BackendInstallException(doing + " " + uri + " did not finish within the install's deadline of "
                    + deadline.total().toSeconds() + " s; check the network, or point "
                    + OnnxCudaInstaller.REPOSITORY_ENV + " at a closer Maven repository", e);
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new BackendInstallException(doing + " " + uri + " was interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ConnectException || cause instanceof HttpConnectTimeoutException
                    || cause instanceof UnresolvedAddressException
                    || cause != null && cause.getCause() instanceof UnresolvedAddressException) {
                throw new BackendInstallException("cannot reach the Maven repository at " + uri.getScheme() + "://"
                        + uri.getAuthority() + " (" + cause.getClass().getSimpleName() + "); check the network, or set "
                        + OnnxCudaInstaller.REPOSITORY_ENV + " to a reachable Maven repository", cause);
            }
            String message = cause == null ? "unknown error" : cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
            throw new BackendInstallException(doing + " " + uri + " failed: " + message, cause);
        }
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides " + algorithm, e);
        }
    }
}
