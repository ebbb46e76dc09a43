package dev.gatehouse.router.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A Dockerfile read into its instructions (continuation lines joined, comments dropped), for checks without Docker. */
record Dockerfiles(Path file, List<String> instructions) {
    static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    static Dockerfiles read(String name) throws IOException {
        Path file = REPO.resolve("docker").resolve(name);
        List<String> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(file)) {
            String stripped = line.strip();
            if (current.isEmpty() && (stripped.isEmpty() || stripped.startsWith("#"))) {
                continue;
            }
            if (stripped.endsWith("\\")) {
                current.append(stripped, 0, stripped.length() - 1).append(' ');
                continue;
            }
            current.append(stripped);
            instructions.add(current.toString().replaceAll("\\s+", " "));
            current.setLength(0);
        }
        return new Dockerfiles(file, instructions);
    }

    /** The instructions with this keyword (FROM, COPY, ...), keyword removed. */
    List<String> all(String keyword) {
        String prefix = keyword.toUpperCase(Locale.ROOT) + " ";
        return instructions.stream().filter(i -> i.startsWith(prefix)).map(i -> i.substring(prefix.length()))
                .toList();
    }

    /** The sources of every COPY that reads the build context (not {@code --from} another stage or image). */
    List<String> contextSources() {
        List<String> sources = new ArrayList<>();
        for (String copy : all("COPY")) {
            if (copy.contains("--from=")) {
                continue;
            }
            List<String> words = new ArrayList<>(List.of(copy.split(" ")));
            words.removeIf(w -> w.startsWith("--"));
            sources.addAll(words.subList(0, words.size() - 1)); // the last word is the destination
        }
        return sources;
    }
}
