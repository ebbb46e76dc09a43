package dev.gatehouse.natives.backends;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** Reads and writes {@code backend.json}, the record of one install that sits beside its {@code lib/}. */
final class BackendJson {

    static final String FILE_NAME = "backend.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private BackendJson() {
    }

    static void write(InstalledBackend backend, Path file) throws IOException {
        ObjectNode node = JSON.createObjectNode();
        node.put("name", backend.name());
        node.put("version", backend.version());
        node.put("npmPackage", backend.npmPackage());
        node.put("integrity", backend.integrity());
        node.put("llamaCppRelease", backend.llamaCppRelease());
        node.put("installedAt", backend.installedAt().toString());
        backend.libraries().forEach(node.putArray("libraries")::add);
        Files.writeString(file, JSON.writeValueAsString(node) + "\n");
    }

    /** Reads the descriptor of the install in {@code dir}; a missing or malformed field names itself. */
    static InstalledBackend read(Path dir) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        JsonNode node = JSON.readTree(file.toFile());
        if (node == null || !node.isObject()) {
            throw new IOException(file + ": expected a JSON object");
        }
        List<String> libraries = new ArrayList<>();
        JsonNode libs = node.path("libraries");
        if (!libs.isArray()) {
            throw new IOException(file + ": field 'libraries' must be an array of file names");
        }
        libs.forEach(lib -> libraries.add(lib.asText()));
        Instant installedAt;
        try {
            installedAt = Instant.parse(text(node, "installedAt", file));
        } catch (DateTimeParseException e) {
            throw new IOException(file + ": field 'installedAt' is not an ISO-8601 instant: " + e.getMessage(), e);
        }
        return new InstalledBackend(text(node, "name", file), text(node, "version", file), dir,
                text(node, "npmPackage", file), text(node, "integrity", file), text(node, "llamaCppRelease", file),
                installedAt, libraries);
    }

    private static String text(JsonNode node, String field, Path file) throws IOException {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IOException(file + ": field '" + field + "' must be a non-empty string");
        }
        return value.asText();
    }
}
