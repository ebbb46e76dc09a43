package dev.gatehouse.router.feedback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Feedback beside the decision log ({@code feedback.jsonl} in the same folder), one JSON line per judgement, so a
 * decision's feedback is joined to it by id and nothing else about the request is stored. The latest judgement of a
 * decision wins.
 */
public final class FeedbackLog implements AutoCloseable {
    public static final String FILE = "feedback.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OutputStream out;

    private FeedbackLog(OutputStream out) {
        this.out = out;
    }

    public static FeedbackLog open(Path dir) {
        try {
            Files.createDirectories(dir);
            return new FeedbackLog(Files.newOutputStream(dir.resolve(FILE), StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the feedback log in " + dir, e);
        }
    }

    /** Appends one judgement durably; a failure is thrown, so the caller answers 503 rather than losing it. */
    public synchronized void append(Feedback f) throws IOException {
        ObjectNode line = JSON.createObjectNode();
        line.put("ts", f.at().toString());
        line.put("decision_id", f.decisionId());
        if (f.score() != null) line.put("score", f.score());
        if (f.preferredTarget() != null) line.put("preferred_target", f.preferredTarget());
        if (f.label() != null) line.put("label", f.label());
        if (f.by() != null) line.put("by", f.by());
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Every decision's latest judgement; unreadable lines are skipped (they were never acknowledged whole). */
    public static Map<String, Feedback> read(Path dir) {
        Map<String, Feedback> latest = new HashMap<>();
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) return latest;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                try {
                    JsonNode n = JSON.readTree(line);
                    Feedback f = new Feedback(n.get("decision_id").asText(),
                            n.hasNonNull("score") ? n.get("score").asDouble() : null,
                            n.hasNonNull("preferred_target") ? n.get("preferred_target").asText() : null,
                            n.hasNonNull("label") ? n.get("label").asText() : null,
                            n.hasNonNull("by") ? n.get("by").asText() : null, Instant.parse(n.get("ts").asText()));
                    latest.put(f.decisionId(), f);
                } catch (IOException | RuntimeException e) {
                    // a torn last line from a crash: it was never acknowledged
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return latest;
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
