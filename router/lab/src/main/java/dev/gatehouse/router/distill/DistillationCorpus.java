package dev.gatehouse.router.distill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.router.difficulty.RoutingTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The texts a static table is distilled on, distinct, in file order: JSON lines or a JSON array of objects (the text
 * in {@code prompt}, {@code text} or {@code full_text}), or labelled routing CSVs (a file or a directory; their
 * {@code prompt} column). Only the texts are read: distillation needs the teacher's vectors, never a label.
 */
record DistillationCorpus(List<String> texts) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] TEXT_KEYS = {"prompt", "text", "full_text"};

    static DistillationCorpus read(List<Path> sources) throws IOException {
        Set<String> texts = new LinkedHashSet<>();
        for (Path source : sources) {
            String name = source.getFileName().toString();
            if (Files.isDirectory(source) || name.endsWith(".csv")) {
                RoutingTable.read(source).rows().forEach(row -> add(texts, row.prompt()));
            } else if (name.endsWith(".jsonl")) {
                int line = 0;
                for (String row : Files.readAllLines(source)) {
                    line++;
                    if (row.isBlank()) continue;
                    add(texts, text(JSON.readTree(row), source + " line " + line));
                }
            } else if (name.endsWith(".json")) {
                JsonNode array = JSON.readTree(source.toFile());
                if (!array.isArray()) throw new IllegalArgumentException(source + ": expected a JSON array of objects");
                for (int i = 0; i < array.size(); i++) add(texts, text(array.get(i), source + " element " + i));
            } else {
                throw new IllegalArgumentException(source + ": expected .jsonl, .json, .csv or a directory of CSVs");
            }
        }
        return new DistillationCorpus(new ArrayList<>(texts));
    }

    private static void add(Set<String> texts, String text) {
        if (text != null && !text.isBlank()) texts.add(text);
    }

    private static String text(JsonNode row, String where) {
        for (String key : TEXT_KEYS) {
            if (row.path(key).isTextual()) return row.get(key).asText();
        }
        throw new IllegalArgumentException(where + ": no text field (one of prompt, text, full_text)");
    }
}
