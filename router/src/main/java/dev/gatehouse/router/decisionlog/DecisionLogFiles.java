package dev.gatehouse.router.decisionlog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The decision log's lines in the order they were written: the rotated files oldest first
 * ({@code decisions.N.jsonl} with the highest N), then {@code decisions.jsonl}. Lines that are not JSON (a torn
 * last line after a crash) are counted, not returned.
 */
public final class DecisionLogFiles {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** @param unreadable lines that could not be parsed */
    public record Lines(List<JsonNode> lines, int unreadable) {
        public Lines {
            lines = List.copyOf(lines);
        }
    }

    private DecisionLogFiles() {
    }

    public static Lines read(Path dir) {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.getFileName().toString().matches("decisions(\\.\\d+)?\\.jsonl"))
                    .sorted(Comparator.comparingInt(DecisionLogFiles::age).reversed()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the decision log in " + dir, e);
        }
        List<JsonNode> lines = new ArrayList<>();
        int unreadable = 0;
        for (Path file : files) {
            try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (line.isBlank()) continue;
                    try {
                        lines.add(JSON.readTree(line));
                    } catch (IOException e) {
                        unreadable++;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return new Lines(lines, unreadable);
    }

    /** decisions.jsonl is the newest (0); decisions.N.jsonl is older the larger N is. */
    private static int age(Path file) {
        String name = file.getFileName().toString();
        return name.equals(DecisionLog.CURRENT) ? 0 : Integer.parseInt(name.substring(10, name.length() - 6));
    }
}
