package dev.gatehouse.router.pull;

import dev.gatehouse.manifest.ModelFiles;
import dev.gatehouse.manifest.ModelSpec;
import dev.gatehouse.natives.download.DeadlineDownloads;
import dev.gatehouse.natives.download.DeadlineDownloads.Deadline;
import dev.gatehouse.natives.download.DeadlineDownloads.Outcome;
import dev.gatehouse.natives.download.DeadlineDownloads.Transfer;
import dev.gatehouse.natives.download.DownloadException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.Function;

/**
 * Brings one manifest entry's file to disk from its {@code url}: into {@code <file>.part} (resumed with an HTTP Range
 * request when an earlier pull was cut off), checked against the entry's {@code sha256}, then renamed into place in
 * one step, so the models directory only ever holds complete, verified files.
 */
public final class ModelPull {

    /**
     * Every wait is bounded: connecting, the whole pull, and any stretch without a byte arriving.
     *
     * @param connect how long a connection may take to open
     * @param stall   how long a transfer may go without receiving anything
     * @param total   how long one model's pull may take in all
     */
    public record Timeouts(Duration connect, Duration stall, Duration total) {
        public static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(15), Duration.ofSeconds(60),
                Duration.ofHours(12));
    }

    /** What a pull did. */
    public enum Result {
        /** The file was already there (and matched its sha256 when one is declared). */
        ALREADY_PRESENT,
        /** The file was downloaded from the start. */
        DOWNLOADED,
        /** The file was completed from a partial download an earlier pull left. */
        RESUMED
    }

    /**
     * @param file   where the model now is
     * @param sha256 the file's checksum as computed (lower-case hex); null when an existing file without a declared
     *               checksum was left unread
     */
    public record Pulled(Result result, Path file, String sha256) {
    }

    private final Timeouts timeouts;
    private final Function<URI, Transfer> progress;

    /** @param progress the progress display for one download from a URL */
    public ModelPull(Timeouts timeouts, Function<URI, Transfer> progress) {
        this.timeouts = timeouts;
        this.progress = progress;
    }

    /** Pulls {@code spec}'s file into {@code modelsDir} (or its absolute path). */
    public Pulled pull(ModelSpec spec, Path modelsDir) throws PullException {
        if (spec.builtin() != null) {
            throw new PullException(spec.id() + " is builtin '" + spec.builtin() + "', shipped inside the jar; there is "
                    + "nothing to download");
        }
        if (spec.url() == null) {
            throw new PullException(spec.id() + " has no url in the manifest; add url: (for example a Hugging Face "
                    + "https://huggingface.co/<repo>/resolve/main/<file>.gguf) and sha256: to its entry");
        }
        Path target = ModelFiles.resolve(spec, modelsDir);
        Path part = target.resolveSibling(target.getFileName() + ".part");
        try {
            if (Files.exists(target)) {
                return existing(spec, target);
            }
            Files.createDirectories(target.getParent());
            MessageDigest sha256 = DeadlineDownloads.digest("SHA-256");
            Outcome outcome = download(spec.url(), part, sha256);
            String actual = HexFormat.of().formatHex(sha256.digest());
            if (spec.sha256() != null && !spec.sha256().equals(actual)) {
                Files.deleteIfExists(part);
                throw new PullException(spec.id() + ": sha256 mismatch for " + spec.url() + ": expected "
                        + spec.sha256() + ", got " + actual + "; nothing was saved (check the url and sha256 in the "
                        + "manifest)");
            }
            moveIntoPlace(part, target);
            return new Pulled(outcome == Outcome.FROM_START ? Result.DOWNLOADED : Result.RESUMED, target, actual);
        } catch (IOException e) {
            throw new PullException(spec.id() + ": writing " + part + " failed: " + e, e);
        }
    }

    private Outcome download(URI url, Path part, MessageDigest sha256) throws PullException, IOException {
        String host = url.getHost() == null ? url.toString() : url.getHost();
        HttpClient client = HttpClient.newBuilder().connectTimeout(timeouts.connect())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        try (client) {
            var http = new DeadlineDownloads(client, host, null);
            Deadline deadline = Deadline.startingNow("pull", timeouts.total(), timeouts.stall());
            return http.resume(url, part, deadline, progress.apply(url), sha256);
        } catch (DownloadException e) {
            String kept = Files.isRegularFile(part) && Files.size(part) > 0
                    ? "; the " + Files.size(part) + " bytes received are kept in " + part + " and the next pull resumes"
                    : "";
            throw new PullException(e.getMessage() + kept, e);
        } finally {
            // a request abandoned at a deadline must not keep the client's threads (and the JVM) waiting
            client.shutdownNow();
        }
    }

    /** A file already at the target: kept when it matches its declared sha256, never overwritten when it does not. */
    private static Pulled existing(ModelSpec spec, Path target) throws IOException, PullException {
        if (spec.sha256() == null) {
            return new Pulled(Result.ALREADY_PRESENT, target, null);
        }
        String actual = sha256(target);
        if (!actual.equals(spec.sha256())) {
            throw new PullException(spec.id() + ": " + target + " exists but its sha256 is " + actual + ", the "
                    + "manifest expects " + spec.sha256() + "; move that file away to download it again");
        }
        return new Pulled(Result.ALREADY_PRESENT, target, actual);
    }

    private static void moveIntoPlace(Path part, Path target) throws IOException, PullException {
        try {
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new PullException("the models directory " + target.getParent() + " does not support atomic renames; "
                    + "the verified download is in " + part, e);
        }
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest = DeadlineDownloads.digest("SHA-256");
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
