package dev.gatehouse.natives.backends;

import dev.gatehouse.natives.download.DeadlineDownloads;
import dev.gatehouse.natives.download.DownloadException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
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

    private final DeadlineDownloads http;
    private final URI base;

    MavenRepository(HttpClient client, URI base) {
        this.http = new DeadlineDownloads(client, "the Maven repository", OnnxCudaInstaller.REPOSITORY_ENV);
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
    String publishedSha1(String artifactPath, DeadlineDownloads.Deadline deadline) throws BackendInstallException {
        URI uri = resolve(artifactPath + ".sha1");
        HttpResponse<byte[]> response;
        try {
            response = http.fetch(uri, deadline);
        } catch (DownloadException e) {
            throw new BackendInstallException(e.getMessage(), e);
        }
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
    Digests download(String artifactPath, Path target, DeadlineDownloads.Deadline deadline, Consumer<String> progress)
            throws BackendInstallException, IOException {
        MessageDigest sha1 = DeadlineDownloads.digest("SHA-1");
        MessageDigest sha256 = DeadlineDownloads.digest("SHA-256");
        try {
            http.streamTo(resolve(artifactPath), target, deadline, progress, sha1, sha256);
        } catch (DownloadException e) {
            throw new BackendInstallException(e.getMessage(), e);
        }
        return new Digests(HexFormat.of().formatHex(sha1.digest()), HexFormat.of().formatHex(sha256.digest()));
    }
}
