package dev.gatehouse.router.decisionlog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.router.policy.Decision;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One JSON line per routed request ({@code decisions.jsonl}): the decision, the features, the capacity snapshot and
 * the outcome. Prompt text is never written; an HMAC-SHA256 of it under the {@link LogKey} stands in. When the file
 * passes {@code maxBytes} it becomes {@code decisions.1.jsonl}, the older ones shift up, and the oldest beyond
 * {@code maxFiles} is deleted.
 *
 * <p>A write that fails (a full disk) is cut back off the file as far as it allows, counted and shown on
 * {@code /health} and {@code /metrics} ({@link #state}); serving goes on, and the next write that succeeds (space
 * returned) makes the log healthy again.
 */
public final class DecisionLog implements AutoCloseable {

    public static final String CURRENT = "decisions.jsonl";

    /** What {@code /health} says about the decision log. */
    public record State(Path dir, long written, long failedWrites, String lastError, Instant lastFailure) {
        /** False while the latest write failed; a later write that succeeds makes it true again. */
        public boolean ok() {
            return lastError == null;
        }
    }

    private static final Logger LOG = Logger.getLogger(DecisionLog.class.getName());

    private final Path dir;
    private final long maxBytes;
    private final int maxFiles;
    private final SecretKeySpec key;
    private final Mac keyedMac;
    private FileChannel out;
    private long size;
    private boolean closed;
    private long written;
    private long failedWrites;
    private String lastError;
    private Instant lastFailure;

    private DecisionLog(Path dir, long maxBytes, int maxFiles, byte[] key) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.maxFiles = maxFiles;
        this.key = new SecretKeySpec(key, "HmacSHA256");
        this.keyedMac = newMac(this.key);
    }

    /**
     * @param maxFiles files kept in all, the current one included (at least 1)
     */
    public static DecisionLog open(Path dir, long maxBytes, int maxFiles, byte[] key) {
        if (maxBytes < 1 || maxFiles < 1) {
            throw new IllegalArgumentException("maxBytes and maxFiles must be >= 1, were " + maxBytes + ", " + maxFiles);
        }
        DecisionLog log = new DecisionLog(dir, maxBytes, maxFiles, key);
        try {
            Files.createDirectories(dir);
            log.openCurrent();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the decision log in " + dir, e);
        }
        return log;
    }

    public Path dir() {
        return dir;
    }

    /** HMAC-SHA256 of the text under this log's key, lower-case hex. */
    public String hash(String text) {
        return HexFormat.of().formatHex(mac().doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * A Mac under this log's key: a copy of one made once. {@code Mac.getInstance} searches the security providers
     * and checks algorithm constraints on every call, and this runs once per request.
     */
    private Mac mac() {
        try {
            return (Mac) keyedMac.clone();
        } catch (CloneNotSupportedException e) { // a provider whose Mac cannot be copied: make one each time
            return newMac(key);
        }
    }

    private static Mac newMac(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is in every JDK", e);
        }
    }

    /** Appends one line; a write failure is logged, never thrown at the request that caused it. */
    public void append(Decision decision, Outcome outcome, String promptHash) {
        append(decision, outcome, promptHash, null);
    }

    /** @param review how a request held for review was decided (who, when), or null */
    public void append(Decision decision, Outcome outcome, String promptHash, ReviewMark review) {
        ObjectNode line = DecisionJson.MAPPER.createObjectNode();
        line.put("ts", decision.snapshot().now().toString());
        line.put("id", decision.id());
        line.put("promptHmac", promptHash);
        line.set("decision", DecisionJson.of(decision));
        ObjectNode o = line.putObject("outcome");
        o.put("dryRun", outcome.dryRun()).put("servedBy", outcome.servedBy()).put("status", outcome.status())
                .put("latencyMs", outcome.latencyMs()).put("ttftMs", outcome.ttftMs())
                .put("promptTokens", outcome.promptTokens()).put("completionTokens", outcome.completionTokens())
                .put("error", outcome.error());
        if (outcome.cost() != null) {
            o.put("cost", outcome.cost().units()); // in the currency of the policy's prices
        }
        if (review != null) review.writeTo(line.putObject("review"));
        byte[] bytes = lineBytes(line);
        synchronized (this) {
            if (closed) return;
            try {
                if (!out.isOpen()) openCurrent(); // a rotation that failed half-way closed it
                if (size > 0 && size + bytes.length > maxBytes) rotate();
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) out.write(buffer);
                size += bytes.length;
                written++;
                lastError = null;
            } catch (IOException e) {
                failedWrites++;
                lastError = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                lastFailure = decision.snapshot().now();
                LOG.warning("decision log write failed in " + dir + " (" + lastError + "); serving goes on");
                cutBack();
            }
        }
    }

    /** The line as UTF-8 with its newline, written straight to bytes (no String of it first: it is on every request). */
    private static byte[] lineBytes(ObjectNode line) {
        try {
            byte[] json = DecisionJson.MAPPER.writeValueAsBytes(line);
            byte[] withNewline = Arrays.copyOf(json, json.length + 1);
            withNewline[json.length] = '\n';
            return withNewline;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    /** Written lines, failed writes and the last failure, for {@code /health} and {@code /metrics}. */
    public synchronized State state() {
        return new State(dir, written, failedWrites, lastError, lastFailure);
    }

    /** Adds {@code decisionLog} to a health body: a failing log shows while serving goes on. */
    public void describe(ObjectNode health) {
        State s = state();
        ObjectNode d = health.putObject("decisionLog");
        d.put("status", s.ok() ? "ok" : "failing");
        d.put("dir", s.dir().toString());
        d.put("written", s.written());
        d.put("failedWrites", s.failedWrites());
        if (s.lastError() != null) d.put("lastError", s.lastError());
        if (s.lastFailure() != null) d.put("lastFailure", s.lastFailure().toString());
    }

    /** Cuts a half-written line off, so the next line starts on a line of its own. */
    private void cutBack() {
        try {
            if (out != null && out.isOpen() && out.size() > size) out.truncate(size);
        } catch (IOException e) {
            LOG.warning("decision log in " + dir + ": could not cut off a failed write (" + e.getMessage() + ")");
        }
    }

    private void rotate() throws IOException {
        out.close();
        Files.deleteIfExists(file(maxFiles - 1));
        for (int i = maxFiles - 2; i >= 0; i--) {
            if (Files.exists(file(i))) Files.move(file(i), file(i + 1), StandardCopyOption.REPLACE_EXISTING);
        }
        openCurrent();
    }

    private void openCurrent() throws IOException {
        Path current = file(0);
        out = FileChannel.open(current, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        size = out.size();
    }

    private Path file(int index) {
        return dir.resolve(index == 0 ? CURRENT : "decisions." + index + ".jsonl");
    }

    /** The logged line of a decision id, newest file first; empty when none holds it. */
    public static Optional<JsonNode> find(Path dir, String id) {
        String needle = "\"id\":" + DecisionJson.MAPPER.getNodeFactory().textNode(id);
        for (int i = 0; i < 1000; i++) {
            Path file = dir.resolve(i == 0 ? CURRENT : "decisions." + i + ".jsonl");
            if (!Files.exists(file)) {
                if (i > 0) break;
                continue;
            }
            try (BufferedReader reader = Files.newBufferedReader(file)) {
                JsonNode found = null;
                for (String line; (line = reader.readLine()) != null; ) {
                    if (line.startsWith("{" + "\"ts\"") && line.contains(needle)) {
                        JsonNode node = parsed(line);
                        if (node != null && id.equals(node.path("id").asText())) found = node; // the last one wins
                    }
                }
                if (found != null) return Optional.of(found);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return Optional.empty();
    }

    /**
     * A logged line, or null for one that is not whole JSON: the last line while the server is still appending it
     * (a reader racing the writer, such as feedback sent the moment its response arrived), which counts as not yet
     * logged rather than as a failure to read the log.
     */
    private static JsonNode parsed(String line) {
        try {
            return DecisionJson.MAPPER.readTree(line);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        try {
            out.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "closing the decision log failed", e);
        }
    }
}
