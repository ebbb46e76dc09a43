package dev.gatehouse.natives;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every prompt of the shared eval data ({@code ../shared/eval}: JSONL and JSON records' text fields, CSV
 * {@code prompt} columns; about 18,000 real texts in many languages, code included) gives DJL's window. Skipped,
 * loudly, without that folder; {@link BertWordPieceTokenizerTest} compares the hand-written and random texts then.
 */
class BertWordPieceTokenizerSharedDataTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static List<String> texts;

    @BeforeAll
    static void readSharedTexts() throws IOException {
        String eval = System.getProperty("gatehouse.shared.eval");
        Path dir = eval == null ? null : Path.of(eval);
        boolean present = dir != null && Files.isDirectory(dir);
        if (!present) {
            System.err.println("SKIPPED: BertWordPieceTokenizerSharedDataTest needs ../shared/eval (system property "
                    + "gatehouse.shared.eval, was " + eval + "); BertWordPieceTokenizerTest still compares with DJL");
        }
        assumeTrue(present, "shared eval data absent (gatehouse.shared.eval=" + eval + "): test SKIPPED");
        texts = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                texts.addAll(textsOf(file));
            }
        }
    }

    @ParameterizedTest(name = "window {0}")
    @ValueSource(ints = {8, 128, 256})
    void everySharedPromptGivesDjlsWindow(int window) {
        byte[] json = MiniLmTokenizerJson.bytes();
        try (HuggingFaceTokenizer djl = MiniLmTokenizerJson.djl(json, window)) {
            BertWordPieceTokenizer java = MiniLmTokenizerJson.java(json, window);
            for (String text : texts) {
                BertWordPieceTokenizerTest.assertSameWindow(djl, java, text);
            }
        }
        assertThat(texts).hasSizeGreaterThan(1_000);
    }

    private static List<String> textsOf(Path file) throws IOException {
        String name = file.getFileName().toString();
        List<String> found = new ArrayList<>();
        if (name.endsWith(".jsonl")) {
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank()) {
                    addTextFields(JSON.readTree(line), found);
                }
            }
        } else if (name.endsWith(".json")) {
            JsonNode root = JSON.readTree(file.toFile());
            (root.isArray() ? root : JSON.createArrayNode().add(root)).forEach(record -> addTextFields(record, found));
        } else if (name.endsWith(".csv")) {
            List<List<String>> rows = CsvRows.parse(Files.readString(file));
            int prompt = rows.isEmpty() ? -1 : rows.getFirst().indexOf("prompt");
            for (List<String> row : rows.subList(Math.min(1, rows.size()), rows.size())) {
                if (prompt >= 0 && prompt < row.size()) {
                    found.add(row.get(prompt));
                }
            }
        }
        return found;
    }

    private static void addTextFields(JsonNode record, List<String> found) {
        for (Iterator<JsonNode> values = record.elements(); values.hasNext(); ) {
            JsonNode value = values.next();
            if (value.isTextual()) {
                found.add(value.asText());
            }
        }
    }

    /** RFC 4180 rows: quoted fields may hold commas, newlines and doubled quotes. */
    static final class CsvRows {
        private CsvRows() {
        }

        static List<List<String>> parse(String csv) {
            List<List<String>> rows = new ArrayList<>();
            List<String> row = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < csv.length(); i++) {
                char c = csv.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        field.append(c);
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    row.add(field.toString());
                    field.setLength(0);
                } else if (c == '\n' || c == '\r') {
                    if (c == '\r' && i + 1 < csv.length() && csv.charAt(i + 1) == '\n') {
                        i++;
                    }
                    row.add(field.toString());
                    field.setLength(0);
                    rows.add(row);
                    row = new ArrayList<>();
                } else {
                    field.append(c);
                }
            }
            if (!field.isEmpty() || !row.isEmpty()) {
                row.add(field.toString());
                rows.add(row);
            }
            return rows;
        }
    }
}
