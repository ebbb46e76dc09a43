package dev.gatehouse.router.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Walks an audit log from the first entry and stops at the first one that does not follow from the one before:
 * not JSON, a sequence number out of order (an entry deleted or moved), a {@code prev} that is not the previous
 * entry's hash, or a {@code hash} that is not the hash of its own content (an entry changed).
 */
public final class AuditVerifier {

    /** Lines longer than this are reported, not parsed: a verify must not run out of memory on a hostile file. */
    static final int MAX_LINE = 1 << 20;

    /**
     * The result of a walk.
     *
     * @param entries     entries that verified (all of them when intact)
     * @param brokenLine  1-based line of the first broken entry, or 0 when intact
     * @param problem     what is wrong with it, or null
     * @param lastHash    hash of the last entry that verified (the genesis hash for an empty log)
     */
    public record Result(long entries, long brokenLine, String problem, String lastHash) {
        public boolean intact() {
            return problem == null;
        }
    }

    private AuditVerifier() {}

    public static Result verify(Path file) throws IOException {
        String prev = CanonicalJson.GENESIS;
        long expectedSeq = 1;
        long lineNo = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                lineNo++;
                String problem = check(line, prev, expectedSeq);
                if (problem != null) return new Result(expectedSeq - 1, lineNo, problem, prev);
                prev = parse(line).get("hash").asText();
                expectedSeq++;
            }
        }
        return new Result(expectedSeq - 1, 0, null, prev);
    }

    private static String check(String line, String prev, long expectedSeq) {
        if (line.length() > MAX_LINE) return "longer than " + MAX_LINE + " characters: not an audit entry";
        JsonNode parsed = parse(line);
        if (!(parsed instanceof ObjectNode entry)) return "not a JSON object";
        if (!entry.path("seq").isIntegralNumber()) return "has no sequence number";
        long seq = entry.get("seq").asLong();
        if (seq != expectedSeq) {
            return "sequence number " + seq + " where " + expectedSeq + " was expected (an entry was removed, "
                    + "inserted or moved)";
        }
        if (!entry.path("hash").isTextual() || !entry.path("prev").isTextual()) return "has no hash or prev";
        if (!entry.get("prev").asText().equals(prev)) {
            return "prev does not match the hash of the entry before it (an entry was removed or moved)";
        }
        String claimed = entry.get("hash").asText();
        ObjectNode content = entry.deepCopy();
        content.remove("hash");
        if (!CanonicalJson.chainHash(prev, content).equals(claimed)) {
            return "its content does not match its hash (the entry was changed)";
        }
        return null;
    }

    /** The line as JSON, or null when it is not JSON. */
    static JsonNode parse(String line) {
        try {
            return CanonicalJson.MAPPER.readTree(line);
        } catch (IOException e) {
            return null;
        }
    }
}
