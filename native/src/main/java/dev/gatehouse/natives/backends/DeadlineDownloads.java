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
 * HTTP GETs an install makes to one package source (the npm registry, a Maven repository), all under the install's
 * one deadline — which also covers a server that stops sending mid-body — with failures worded for the user: which
 * source, and which environment variable points elsewhere.
 */
final class DeadlineDownloads {

    /** The install's time budget: {@code total} from {@code startNanos} on the monotonic clock. */
    record Deadline(Duration total, long startNanos) {
        static Deadline startingNow(Duration total) {
            return new Deadline(total, System.nanoTime());
        }

        long remainingMillis() {
            return Math.max(0, total.toMillis() - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
        }
    }

    private final HttpClient client;
    private final String source;
    private final String sourceEnv;

    /**
     * @param source    what the server is, for messages: "the npm registry", "the Maven repository"
     * @param sourceEnv the environment variable that names another one
     */
    DeadlineDownloads(HttpClient client, String source, String sourceEnv) {
        this.client = client;
        this.source = source;
        this.sourceEnv = sourceEnv;
    }

    /** A small document, whole; the caller judges its status. */
    HttpResponse<byte[]> fetch(URI uri, Deadline deadline) throws BackendInstallException {
        return await(uri, deadline, client.sendAsync(get(uri, deadline), HttpResponse.BodyHandlers.ofByteArray()),
                "reading");
    }

    /** Streams {@code uri} into {@code target}, feeding every byte to {@code digests}; anything but 200 fails. */
    void streamTo(URI uri, Path target, Deadline deadline, Consumer<String> progress, MessageDigest... digests)
            throws BackendInstallException, IOException {
        try (OutputStream out = Files.newOutputStream(target)) {
            Progress counter = new Progress(uri, progress);
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
                    for (MessageDigest digest : digests) digest.update(bytes);
                    counter.received(bytes.length);
                }));
            }), "downloading");
            if (response.statusCode() != 200) {
                throw new BackendInstallException(source + " answered HTTP " + response.statusCode() + " for " + uri);
            }
        }
    }

    static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides " + algorithm, e);
        }
    }

    private static HttpRequest get(URI uri, Deadline deadline) throws BackendInstallException {
        if (deadline.remainingMillis() == 0) {
            throw new BackendInstallException("the install ran out of its " + deadline.total().toSeconds()
                    + " s deadline before requesting " + uri);
        }
        return HttpRequest.newBuilder(uri).GET().header("Accept", "application/json, application/octet-stream")
                .build();
    }

    private <T> HttpResponse<T> await(URI uri, Deadline deadline, CompletableFuture<HttpResponse<T>> call,
            String doing) throws BackendInstallException {
        try {
            return call.get(deadline.remainingMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new BackendInstallException(doing + " " + uri + " did not finish within the install's deadline of "
                    + deadline.total().toSeconds() + " s; check the network, or point " + sourceEnv + " at a closer "
                    + source.replaceFirst("^the ", ""), e);
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new BackendInstallException(doing + " " + uri + " was interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ConnectException || cause instanceof HttpConnectTimeoutException
                    || cause instanceof UnresolvedAddressException
                    || cause != null && cause.getCause() instanceof UnresolvedAddressException) {
                throw new BackendInstallException("cannot reach " + source + " at " + uri.getScheme() + "://"
                        + uri.getAuthority() + " (" + describe(cause) + "); check the network, or set " + sourceEnv
                        + " to a reachable " + source.replaceFirst("^the ", ""), cause);
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
