package dev.gatehouse.router.difficulty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Prompts of one's own traffic for recalibration: one per line, or JSONL where a line is a JSON string, an object
 * with {@code prompt}, or a chat request with {@code messages} (the last user message counts, as the router sees it).
 */
final class TrafficFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TrafficFile() {}

    static List<String> read(Path file) throws IOException {
        var prompts = new ArrayList<String>();
        int lineNumber = 0;
        for (String line : Files.readAllLines(file)) {
            lineNumber++;
            String trimmed = line.strip();
            if (trimmed.isEmpty()) continue;
            if (trimmed.startsWith("{") || trimmed.startsWith("\"")) {
                prompts.add(fromJson(trimmed, file, lineNumber));
            } else {
                prompts.add(line);
            }
        }
        if (prompts.isEmpty()) throw new IllegalArgumentException(file + ": no prompts (one per line, or JSONL)");
        return prompts;
    }

    private static String fromJson(String line, Path file, int lineNumber) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ":" + lineNumber + ": not valid JSON");
        }
        if (node.isTextual()) return node.asText();
        if (node.path("prompt").isTextual()) return node.get("prompt").asText();
        JsonNode messages = node.path("messages");
        for (int i = messages.size() - 1; i >= 0; i--) {
            JsonNode m = messages.get(i);
            if ("user".equals(m.path("role").asText()) && m.path("content").isTextual()) return m.get("content").asText();
        }
        throw new IllegalArgumentException(file + ":" + lineNumber
                + ": expected a JSON string, an object with \"prompt\", or \"messages\" with a user message");
    }
}
