package dev.gatehouse.router.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A Presidio-format evaluation file: a JSON list of {@code {full_text, spans: [{entity_type, start_position, end_position}]}}. */
record PiiDataset(List<Sentence> sentences) {
    record Span(String type, int start, int end) {}

    record Sentence(String text, List<Span> spans) {}

    static PiiDataset read(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        if (root == null || !root.isArray()) throw new IOException(file + ": expected a JSON list of sentences");
        List<Sentence> sentences = new ArrayList<>();
        int index = 0;
        for (JsonNode node : root) {
            JsonNode text = node.get("full_text");
            if (text == null || !text.isTextual()) throw new IOException(file + ": sentence " + index + " has no full_text");
            List<Span> spans = new ArrayList<>();
            for (JsonNode span : node.path("spans")) {
                int start = span.path("start_position").asInt(-1);
                int end = span.path("end_position").asInt(-1);
                String type = span.path("entity_type").asText("");
                if (start < 0 || end <= start || end > text.asText().length() || type.isEmpty()) {
                    throw new IOException(file + ": sentence " + index + " has a span without a valid type and offsets: " + span);
                }
                spans.add(new Span(type, start, end));
            }
            sentences.add(new Sentence(text.asText(), List.copyOf(spans)));
            index++;
        }
        return new PiiDataset(List.copyOf(sentences));
    }

    PiiDataset slice(int from, int to) {
        return new PiiDataset(sentences.subList(Math.min(from, sentences.size()), Math.min(to, sentences.size())));
    }
}
