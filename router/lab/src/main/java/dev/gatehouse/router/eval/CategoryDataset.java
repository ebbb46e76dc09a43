package dev.gatehouse.router.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Labelled prompts for {@code eval category}: JSON lines with the text in {@code prompt} (or {@code text}, or the
 * first of {@code turns}) and the label in {@code category}, or the finer
 * {@code subcategory} where a row has both (arena-hard's category is only hard_prompt or creative_writing). The
 * source of a row is its {@code source} field, else its file's name: leave-one-source-out holds out one at a time.
 */
public record CategoryDataset(List<Row> rows) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public record Row(String prompt, String category, String source) {}

    /**
     * @param rename labels of the data mapped to the classifier's ({@code creative_writing=creative}); others as is
     * @throws IllegalArgumentException naming the file and line of a row without text or label
     */
    public static CategoryDataset read(List<Path> files, Map<String, String> rename) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (Path file : files) {
            String name = file.getFileName().toString().replaceFirst("\\.jsonl?$", "");
            try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                int lineNumber = 0;
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lineNumber++;
                    if (line.isBlank()) continue;
                    JsonNode row = JSON.readTree(line);
                    String prompt = first(row, "prompt", "text");
                    if (prompt == null && row.path("turns").isArray() && !row.path("turns").isEmpty()) {
                        prompt = row.path("turns").get(0).asText();
                    }
                    String label = first(row, "subcategory", "category");
                    if (prompt == null || label == null) {
                        throw new IllegalArgumentException(file + " line " + lineNumber
                                + ": needs a text (prompt, text or turns) and a label (category or subcategory)");
                    }
                    String source = row.hasNonNull("source") ? row.get("source").asText() : name;
                    rows.add(new Row(prompt, rename.getOrDefault(label, label), source));
                }
            }
        }
        return new CategoryDataset(List.copyOf(rows));
    }

    private static String first(JsonNode row, String... keys) {
        for (String key : keys) {
            if (row.hasNonNull(key) && row.get(key).isValueNode() && !row.get(key).asText().isBlank()) {
                return row.get(key).asText();
            }
        }
        return null;
    }
}
