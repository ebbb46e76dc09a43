package dev.gatehouse.natives.backends;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One installed {@code onnx-cuda} backend: ONNX Runtime's CUDA build in {@code <cache root>/onnx-cuda-<version>/lib},
 * described by the {@code backend.json} beside it. Pointing {@code onnxruntime.native.path} at {@link #libDir()} makes
 * ONNX Runtime load these libraries instead of the CPU ones inside its jar.
 *
 * @param version     the onnxruntime_gpu version, e.g. 1.23.2
 * @param dir         {@code <cache root>/onnx-cuda-<version>}
 * @param source      the jar's URL
 * @param sha256      the verified SHA-256 of the jar, hex
 * @param installedAt when the install finished
 * @param libraries   the file names in {@link #libDir()}
 */
public record OnnxCudaInstall(String version, Path dir, URI source, String sha256, Instant installedAt,
        List<String> libraries) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public OnnxCudaInstall {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(installedAt, "installedAt");
        libraries = List.copyOf(libraries);
    }

    /** The complete install of {@link OnnxCudaArtifact#PINNED} in {@code cache}, if there is one. */
    public static Optional<OnnxCudaInstall> find(BackendCache cache) {
        return find(cache, OnnxCudaArtifact.PINNED.version());
    }

    /** The complete install of {@code version} in {@code cache}, if there is one. */
    public static Optional<OnnxCudaInstall> find(BackendCache cache, String version) {
        return read(cache.root().resolve(OnnxCudaArtifact.ID + "-" + version));
    }

    public Path libDir() {
        return dir.resolve("lib");
    }

    public Path descriptor() {
        return dir.resolve(BackendJson.FILE_NAME);
    }

    /**
     * The install in {@code dir} when its descriptor reads, names this directory and lists every library ONNX Runtime
     * needs, each present; otherwise empty, so a damaged install counts as absent and reinstalling replaces it.
     */
    static Optional<OnnxCudaInstall> read(Path dir) {
        OnnxCudaInstall install;
        try {
            JsonNode node = JSON.readTree(dir.resolve(BackendJson.FILE_NAME).toFile());
            List<String> libraries = new ArrayList<>();
            node.path("libraries").forEach(lib -> libraries.add(lib.asText()));
            if (!OnnxCudaArtifact.ID.equals(node.path("name").asText())) {
                return Optional.empty();
            }
            install = new OnnxCudaInstall(text(node, "version"), dir, URI.create(text(node, "source")),
                    text(node, "sha256"), Instant.parse(text(node, "installedAt")), libraries);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        boolean complete = dir.getFileName().toString().equals(OnnxCudaArtifact.ID + "-" + install.version())
                && install.libraries().containsAll(OnnxCudaArtifact.LIBRARIES)
                && install.libraries().stream().allMatch(lib -> Files.isRegularFile(install.libDir().resolve(lib)));
        return complete ? Optional.of(install) : Optional.empty();
    }

    void write(Path file) throws IOException {
        ObjectNode node = JSON.createObjectNode();
        node.put("name", OnnxCudaArtifact.ID);
        node.put("version", version);
        node.put("source", source.toString());
        node.put("sha256", sha256);
        node.put("installedAt", installedAt.toString());
        libraries.forEach(node.putArray("libraries")::add);
        Files.writeString(file, JSON.writeValueAsString(node) + "\n");
    }

    private static String text(JsonNode node, String field) throws IOException {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IOException("field '" + field + "' must be a non-empty string");
        }
        return value.asText();
    }
}
