package dev.gatehouse.router.features;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.manifest.Violation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Labelled example prompts an operator keeps beside the policy ({@code categoryExamples:} in policy.yaml), read with
 * the policy at startup and at every reload, so teaching the classifier is adding a line to a file. Two formats:
 * <ul>
 *   <li>{@code *.jsonl}: one {@code {"category": "...", "prompt": "..."}} per line (what {@code gatehouse categories
 *       add} writes; a prompt may span several lines of text);</li>
 *   <li>{@code <category>.txt}: one prompt per line, the category from the file name; blank lines and lines
 *       starting with {@code #} are skipped.</li>
 * </ul>
 * A folder means every such file in it (not its subfolders), in name order.
 */
public final class CategoryExampleFiles {
    /** More than this across all files is a violation: each example is embedded at startup, about 10 ms apiece. */
    public static final int MAX_EXAMPLES = 20_000;
    /** Longer examples are a violation: only the head of a prompt is embedded, and a file is not a dump of traffic. */
    public static final int MAX_EXAMPLE_CHARS = 8_000;

    private static final Pattern CATEGORY_NAME = Pattern.compile("[a-z][a-z0-9_-]*");
    private static final ObjectMapper JSON = new ObjectMapper();

    private CategoryExampleFiles() {}

    /**
     * @param key        the policy key path of this entry, for violations ({@code categoryExamples[0]})
     * @param path       a file or folder
     * @param into       examples by category, appended to
     * @param violations every broken rule, each naming the key, the file and the line
     */
    public static void read(String key, Path path, Map<String, List<String>> into, List<Violation> violations) {
        if (Files.isDirectory(path)) {
            List<Path> files;
            try (Stream<Path> list = Files.list(path)) {
                files = list.filter(CategoryExampleFiles::isExampleFile).sorted().toList();
            } catch (IOException e) {
                violations.add(new Violation(key, "cannot list " + path + ": " + e.getMessage()));
                return;
            }
            for (Path file : files) readFile(key, file, into, violations);
        } else if (Files.isRegularFile(path)) {
            if (!isExampleFile(path)) {
                violations.add(new Violation(key, path + " must be a .jsonl file or a <category>.txt file"));
                return;
            }
            readFile(key, path, into, violations);
        } else {
            violations.add(new Violation(key, path + " does not exist (a file or folder of example prompts)"));
        }
    }

    /** Every example in the files, by category: what {@code read} adds to the policy's own examples. */
    public static Map<String, List<String>> read(String key, List<Path> paths, List<Violation> violations) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (int i = 0; i < paths.size(); i++) read(key + "[" + i + "]", paths.get(i), out, violations);
        int total = out.values().stream().mapToInt(List::size).sum();
        if (total > MAX_EXAMPLES) {
            violations.add(new Violation(key, "at most " + MAX_EXAMPLES + " examples in all, the files hold " + total));
        }
        return out;
    }

    private static boolean isExampleFile(Path p) {
        String name = p.getFileName().toString();
        return Files.isRegularFile(p) && (name.endsWith(".jsonl") || name.endsWith(".txt"));
    }

    private static void readFile(String key, Path file, Map<String, List<String>> into, List<Violation> violations) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            violations.add(new Violation(key, "cannot read " + file + ": " + e.getMessage()));
            return;
        }
        String name = file.getFileName().toString();
        String txtCategory = name.endsWith(".txt") ? name.substring(0, name.length() - 4) : null;
        if (txtCategory != null && !CATEGORY_NAME.matcher(txtCategory).matches()) {
            violations.add(new Violation(key, file + ": the file name must be a category name (lower-case letters, "
                    + "digits, '-' and '_') followed by .txt"));
            return;
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || (txtCategory != null && line.stripLeading().startsWith("#"))) continue;
            String where = file + " line " + (i + 1);
            String category = txtCategory;
            String prompt = line.strip();
            if (txtCategory == null) {
                JsonNode row;
                try {
                    row = JSON.readTree(line);
                } catch (IOException e) {
                    violations.add(new Violation(key, where + ": is not a JSON object {\"category\", \"prompt\"}"));
                    continue;
                }
                category = row.path("category").isTextual() ? row.get("category").asText() : null;
                prompt = row.path("prompt").isTextual() ? row.get("prompt").asText().strip() : null;
                if (category == null || !CATEGORY_NAME.matcher(category).matches()) {
                    violations.add(new Violation(key, where + ": category must be lower-case letters, digits, '-' "
                            + "and '_'"));
                    continue;
                }
                if (prompt == null || prompt.isEmpty()) {
                    violations.add(new Violation(key, where + ": prompt must be a non-empty string"));
                    continue;
                }
            }
            if (prompt.length() > MAX_EXAMPLE_CHARS) {
                violations.add(new Violation(key, where + ": an example is at most " + MAX_EXAMPLE_CHARS
                        + " characters, was " + prompt.length()));
                continue;
            }
            into.computeIfAbsent(category, k -> new ArrayList<>()).add(prompt);
        }
    }
}
