package dev.gatehouse.natives.backends;

import dev.gatehouse.natives.download.DeadlineDownloads;
import dev.gatehouse.natives.download.DownloadException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
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

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DeadlineDownloads http;
    private final URI base;

    NpmRegistry(HttpClient client, URI base) {
        this.http = new DeadlineDownloads(client, "the npm registry", BackendInstaller.REGISTRY_ENV);
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text : text + "/");
    }

    URI versionDocument(String npmPackage, String version) {
        // npm accepts the scope's slash encoded; unencoded it would read as a path segment on some mirrors.
        return base.resolve(npmPackage.replace("/", "%2F") + "/" + version);
    }

    Dist dist(String npmPackage, String version, DeadlineDownloads.Deadline deadline) throws BackendInstallException {
        URI uri = versionDocument(npmPackage, version);
        HttpResponse<byte[]> response;
        try {
            response = http.fetch(uri, deadline);
        } catch (DownloadException e) {
            throw new BackendInstallException(e.getMessage(), e);
        }
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
    byte[] download(URI tarball, Path target, DeadlineDownloads.Deadline deadline, Consumer<String> progress)
            throws BackendInstallException, IOException {
        MessageDigest sha512 = DeadlineDownloads.digest("SHA-512");
        try {
            http.streamTo(tarball, target, deadline, progress, sha512);
        } catch (DownloadException e) {
            throw new BackendInstallException(e.getMessage(), e);
        }
        return sha512.digest();
    }
}
