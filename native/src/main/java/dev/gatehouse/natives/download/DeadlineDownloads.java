package dev.gatehouse.natives.download;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
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
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP GETs made to one source (the npm registry, a Maven repository, a model host), all under one deadline — which
 * also covers a server that stops sending mid-body — with failures worded for the user: which source, and what to
 * change. Backend installs and {@code gatehouse pull} share it.
 */
public final class DeadlineDownloads {

    /**
     * A time budget: {@code total} from {@code startNanos} on the monotonic clock, and optionally {@code stall}, the
     * longest a transfer may go without receiving a byte (a multi-gigabyte model needs a long total but should not
     * hang on a dead connection).
     *
     * @param purpose what the budget is for, in messages: "install", "pull"
     * @param stall   null when only the total applies
     */
    public record Deadline(String purpose, Duration total, Duration stall, long startNanos) {
        /** An install's budget: one total, no stall limit. */
        public static Deadline startingNow(Duration total) {
            return new Deadline("install", total, null, System.nanoTime());
        }

        public static Deadline startingNow(String purpose, Duration total, Duration stall) {
            return new Deadline(purpose, total, stall, System.nanoTime());
        }

        long remainingMillis() {
            return Math.max(0, total.toMillis() - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
        }
    }

    /** Byte-level progress of one transfer, for a progress bar. */
    public interface Transfer {
        /** The body starts at {@code offset}; {@code total} is the whole file's size, or -1 when unknown. */
        void started(long offset, long total);

        void received(long bytes);
    }

    /** How {@link #resume} ended. */
    public enum Outcome {
        /** The server sent the whole file (there was no partial file, or the server ignored the range). */
        FROM_START,
        /** The server sent the rest after the partial file's bytes. */
        RESUMED,
        /** The partial file already held every byte (HTTP 416 to a range starting at its end). */
        ALREADY_COMPLETE
    }

    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-\\d+/(\\d+|\\*)");

    private final HttpClient client;
    private final String source;
    private final String sourceEnv;

    /**
     * @param source    what the server is, for messages: "the npm registry", "the Maven repository"
     * @param sourceEnv the environment variable that names another one, or null when there is none
     */
    public DeadlineDownloads(HttpClient client, String source, String sourceEnv) {
        this.client = client;
        this.source = source;
        this.sourceEnv = sourceEnv;
    }

    /** A small document, whole; the caller judges its status. */
    public HttpResponse<byte[]> fetch(URI uri, Deadline deadline) throws DownloadException {
        return await(uri, deadline, client.sendAsync(get(uri, deadline, 0), HttpResponse.BodyHandlers.ofByteArray()),
                "reading", () -> 0);
    }

    /** Streams {@code uri} into {@code target}, feeding every byte to {@code digests}; anything but 200 fails. */
    public void streamTo(URI uri, Path target, Deadline deadline, Consumer<String> progress, MessageDigest... digests)
            throws DownloadException, IOException {
        try (OutputStream out = Files.newOutputStream(target)) {
            Progress counter = new Progress(uri, progress);
            AtomicLong bytes = new AtomicLong();
            HttpResponse<Void> response = await(uri, deadline, client.sendAsync(get(uri, deadline, 0), info -> {
                if (info.statusCode() != 200) {
                    return BodySubscribers.replacing(null);
                }
                counter.start(info.headers().firstValueAsLong("content-length").orElse(-1));
                return BodySubscribers.ofByteArrayConsumer(chunk -> chunk.ifPresent(received -> {
                    try {
                        out.write(received);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    for (MessageDigest digest : digests) digest.update(received);
                    bytes.addAndGet(received.length);
                    counter.received(received.length);
                }));
            }), "downloading", bytes::get);
            if (response.statusCode() != 200) {
                throw new DownloadException(source + " answered HTTP " + response.statusCode() + " for " + uri);
            }
        }
    }

    /**
     * Downloads {@code uri} into {@code part}, continuing after the bytes a previous attempt left there (an HTTP
     * Range request) and feeding the whole file, old bytes included, to {@code digest}. A failure mid-body keeps what
     * arrived so that the next call resumes; nothing is created when no body starts.
     */
    public Outcome resume(URI uri, Path part, Deadline deadline, Transfer transfer, MessageDigest digest)
            throws DownloadException, IOException {
        long offset = Files.isRegularFile(part) ? Files.size(part) : 0;
        if (offset > 0) {
            try (var in = Files.newInputStream(part)) {
                in.transferTo(new DigestOutput(digest));
            }
        }
        AtomicLong bytes = new AtomicLong();
        String[] rangeProblem = {null};
        try (PartFile file = new PartFile(part)) {
            HttpResponse<Void> response = await(uri, deadline, client.sendAsync(get(uri, deadline, offset), info -> {
                long length = info.headers().firstValueAsLong("content-length").orElse(-1);
                if (info.statusCode() == 200) {
                    digest.reset(); // the server ignored the range and sends everything
                    file.open(false);
                    transfer.started(0, length);
                } else if (info.statusCode() == 206 && offset > 0) {
                    long[] range = contentRange(info.headers());
                    if (range == null || range[0] != offset) {
                        rangeProblem[0] = info.headers().firstValue("content-range").orElse("no Content-Range");
                        return BodySubscribers.replacing(null);
                    }
                    file.open(true);
                    transfer.started(offset, range[1] >= 0 ? range[1] : length < 0 ? -1 : offset + length);
                } else {
                    return BodySubscribers.replacing(null);
                }
                return BodySubscribers.ofByteArrayConsumer(chunk -> chunk.ifPresent(received -> {
                    file.write(received);
                    digest.update(received);
                    bytes.addAndGet(received.length);
                    transfer.received(received.length);
                }));
            }), "downloading", bytes::get);
            int status = response.statusCode();
            if (rangeProblem[0] != null) {
                throw new DownloadException(uri + " answered a range (" + rangeProblem[0] + ") that does not start at "
                        + offset + ", the end of " + part + "; delete that file to download from the start");
            }
            if (status == 416 && offset > 0) {
                return Outcome.ALREADY_COMPLETE;
            }
            if (status == 200) {
                return Outcome.FROM_START;
            }
            if (status == 206) {
                return Outcome.RESUMED;
            }
            throw new DownloadException(source + " answered HTTP " + status + " for " + uri);
        }
    }

    public static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides " + algorithm, e);
        }
    }

    /** {@code [first byte, whole size or -1]} from a {@code Content-Range: bytes first-last/size} header. */
    private static long[] contentRange(HttpHeaders headers) {
        Matcher m = CONTENT_RANGE.matcher(headers.firstValue("content-range").orElse(""));
        if (!m.matches()) {
            return null;
        }
        return new long[] {Long.parseLong(m.group(1)), m.group(2).equals("*") ? -1 : Long.parseLong(m.group(2))};
    }

    private static HttpRequest get(URI uri, Deadline deadline, long offset) throws DownloadException {
        if (deadline.remainingMillis() == 0) {
            throw new DownloadException("the " + deadline.purpose() + " ran out of its " + deadline.total().toSeconds()
                    + " s deadline before requesting " + uri);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET()
                .header("Accept", "application/json, application/octet-stream");
        if (offset > 0) {
            request.header("Range", "bytes=" + offset + "-");
        }
        return request.build();
    }

    /**
     * Waits for {@code call} until the total deadline, and, when the deadline has a stall limit, no longer than that
     * limit without {@code received} moving.
     */
    private <T> HttpResponse<T> await(URI uri, Deadline deadline, CompletableFuture<HttpResponse<T>> call,
            String doing, LongSupplier received) throws DownloadException {
        long seen = received.getAsLong();
        try {
            while (true) {
                long remaining = deadline.remainingMillis();
                long wait = deadline.stall() == null ? remaining : Math.min(remaining, deadline.stall().toMillis());
                try {
                    return call.get(wait, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    long now = received.getAsLong();
                    if (deadline.remainingMillis() > 0 && now != seen) {
                        seen = now;
                        continue;
                    }
                    call.cancel(true);
                    if (deadline.remainingMillis() > 0) {
                        throw new DownloadException(doing + " " + uri + " stalled: nothing arrived for "
                                + deadline.stall().toSeconds() + " s" + (now > 0 ? " after " + Progress.mib(now) : "")
                                + "; check the network" + elsewhere("point ", " at a closer "), e);
                    }
                    throw new DownloadException(doing + " " + uri + " did not finish within the " + deadline.purpose()
                            + "'s deadline of " + deadline.total().toSeconds() + " s; check the network"
                            + elsewhere("point ", " at a closer "), e);
                }
            }
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new DownloadException(doing + " " + uri + " was interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ConnectException || cause instanceof HttpConnectTimeoutException
                    || cause instanceof UnresolvedAddressException
                    || cause != null && cause.getCause() instanceof UnresolvedAddressException) {
                throw new DownloadException("cannot reach " + source + " at " + uri.getScheme() + "://"
                        + uri.getAuthority() + " (" + describe(cause) + "); check the network"
                        + elsewhere("set ", " to a reachable "), cause);
            }
            long got = received.getAsLong();
            throw new DownloadException(doing + " " + uri + " failed" + (got > 0 ? " after " + Progress.mib(got) : "")
                    + ": " + describe(cause), cause);
        }
    }

    /** ", or point ENV at a closer npm registry", or nothing when no variable names another source. */
    private String elsewhere(String verb, String preposition) {
        return sourceEnv == null ? "" : ", or " + verb + sourceEnv + preposition + source.replaceFirst("^the ", "");
    }

    private static String describe(Throwable t) {
        if (t == null) {
            return "unknown error";
        }
        String message = t.getMessage();
        String name = t.getClass().getSimpleName();
        return message == null || message.isBlank() ? name : name + ": " + message;
    }

    /** Feeds what is written to a digest, to hash a partial file already on disk. */
    private static final class DigestOutput extends OutputStream {
        private final MessageDigest digest;

        DigestOutput(MessageDigest digest) {
            this.digest = digest;
        }

        @Override
        public void write(int b) {
            digest.update((byte) b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            digest.update(b, off, len);
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
