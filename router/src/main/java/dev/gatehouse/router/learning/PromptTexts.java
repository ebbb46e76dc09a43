package dev.gatehouse.router.learning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Prompt text the operator supplies for training, since the decision log keeps none. A JSONL line is either
 * {@code {"decision_id", "prompt"}} (a labelled file: joined by id), or a chat request with {@code messages}, or
 * {@code {"prompt"}} (one's own traffic: joined by the keyed hash the log wrote, so only prompts that were really
 * routed match). The router embeds the last user message, so that is the text kept.
 *
 * @param byDecision prompt text by decision id
 * @param byHash     prompt text by the log's keyed hash of the whole conversation
 */
record PromptTexts(Map<String, String> byDecision, Map<String, String> byHash) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static final PromptTexts NONE = new PromptTexts(Map.of(), Map.of());

    /** @param hash the decision log's keyed hash of a conversation's text */
    static PromptTexts read(Path file, UnaryOperator<String> hash) throws IOException {
        Map<String, String> byDecision = new HashMap<>();
        Map<String, String> byHash = new HashMap<>();
        int lineNumber = 0;
        for (String line : Files.readAllLines(file)) {
            lineNumber++;
            if (line.isBlank()) continue;
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (IOException e) {
                throw new IllegalArgumentException(file + ":" + lineNumber + ": not valid JSON");
            }
            if (node.path("decision_id").isTextual() && node.path("prompt").isTextual()) {
                byDecision.put(node.get("decision_id").asText(), node.get("prompt").asText());
            } else if (node.path("messages").isArray()) {
                StringBuilder conversation = new StringBuilder();
                String lastUser = null;
                for (JsonNode m : node.get("messages")) {
                    if (!conversation.isEmpty()) conversation.append('\n');
                    conversation.append(m.path("content").asText());
                    if ("user".equals(m.path("role").asText())) lastUser = m.path("content").asText();
                }
                if (lastUser == null) throw new IllegalArgumentException(file + ":" + lineNumber + ": messages without a user message");
                byHash.put(hash.apply(conversation.toString()), lastUser);
            } else if (node.path("prompt").isTextual()) {
                byHash.put(hash.apply(node.get("prompt").asText()), node.get("prompt").asText());
            } else {
                throw new IllegalArgumentException(file + ":" + lineNumber
                        + ": expected {\"decision_id\",\"prompt\"}, {\"prompt\"} or a chat request with \"messages\"");
            }
        }
        return new PromptTexts(byDecision, byHash);
    }
}
