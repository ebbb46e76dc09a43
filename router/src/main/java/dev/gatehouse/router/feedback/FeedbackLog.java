package dev.gatehouse.router.feedback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Feedback beside the decision log ({@code feedback.jsonl} in the same folder), one JSON line per judgement, so a
 * decision's feedback is joined to it by id and nothing else about the request is stored. The latest judgement of a
 * decision wins.
 */
public final class FeedbackLog implements AutoCloseable {
    public static final String FILE = "feedback.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final OutputStream out;
    /** Where this process began appending: the judgements after it are the ones this process has counted. */
    private final long openedAt;

    private FeedbackLog(Path file, OutputStream out, long openedAt) {
        this.file = file;
        this.out = out;
        this.openedAt = openedAt;
    }

    public static FeedbackLog open(Path dir) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(FILE);
            OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return new FeedbackLog(file, out, Files.size(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the feedback log in " + dir, e);
        }
    }

    /**
     * Appends one judgement durably and returns the judgement of the same decision it replaces, if this log (since
     * it was opened) holds one. The latest judgement of a decision wins, so live tallies must take the earlier one
     * back rather than count a decision twice; one lock orders two judgements of one decision. A failure is thrown,
     * so the caller answers 503 rather than losing it.
     */
    public synchronized Optional<Feedback> append(Feedback f) throws IOException {
        Optional<Feedback> replaced = latestSinceOpened(f.decisionId());
        ObjectNode line = JSON.createObjectNode();
        line.put("ts", f.at().toString());
        line.put("decision_id", f.decisionId());
        if (f.score() != null) line.put("score", f.score());
        if (f.preferredTarget() != null) line.put("preferred_target", f.preferredTarget());
        if (f.label() != null) line.put("label", f.label());
        if (f.by() != null) line.put("by", f.by());
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return replaced;
    }

    /**
     * The last judgement of {@code decisionId} appended through this log. A scan of what this process wrote, like
     * {@code DecisionLog.find}'s: feedback is rare next to requests, and an index would grow without bound.
     */
    private Optional<Feedback> latestSinceOpened(String decisionId) throws IOException {
        String needle = "\"decision_id\":" + JSON.getNodeFactory().textNode(decisionId);
        Feedback latest = null;
        if (!Files.isRegularFile(file) || Files.size(file) < openedAt) {
            return Optional.empty(); // moved or cut short behind the server's back: nothing of ours to replace there
        }
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(openedAt);
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.contains(needle)) continue;
                Feedback f = parse(line);
                if (f != null && f.decisionId().equals(decisionId)) latest = f;
            }
        }
        return Optional.ofNullable(latest);
    }

    /** Every decision's latest judgement; unreadable lines are skipped (they were never acknowledged whole). */
    public static Map<String, Feedback> read(Path dir) {
        Map<String, Feedback> latest = new HashMap<>();
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) return latest;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                Feedback f = parse(line);
                if (f != null) latest.put(f.decisionId(), f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return latest;
    }

    /** One logged judgement, or null for a torn last line from a crash: it was never acknowledged. */
    private static Feedback parse(String line) {
        try {
            JsonNode n = JSON.readTree(line);
            return new Feedback(n.get("decision_id").asText(),
                    n.hasNonNull("score") ? n.get("score").asDouble() : null,
                    n.hasNonNull("preferred_target") ? n.get("preferred_target").asText() : null,
                    n.hasNonNull("label") ? n.get("label").asText() : null,
                    n.hasNonNull("by") ? n.get("by").asText() : null, Instant.parse(n.get("ts").asText()));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
