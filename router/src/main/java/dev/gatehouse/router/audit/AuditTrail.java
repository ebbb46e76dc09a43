package dev.gatehouse.router.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.manifest.ConfigException;
import dev.gatehouse.manifest.Violation;
import dev.gatehouse.router.decisionlog.Outcome;
import dev.gatehouse.router.policy.Decision;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.time.Instant;
import java.util.List;
import java.util.logging.Logger;

/**
 * The append-only audit log: one JSON line per decision or administrative action, each carrying the hash of the
 * one before ({@code prev}) and its own ({@code hash} = SHA-256 of prev + the entry's canonical JSON), so removing,
 * changing or reordering an entry breaks the chain at that entry ({@link AuditVerifier}).
 *
 * <p>Entries are written by one writer thread in the order they were recorded, each batch forced to disk once
 * (group commit, at most every {@link #FORCE_INTERVAL}): a request's entry is recorded after its response, so waiting
 * for the disk there only held up the next request on the same connection (one fsync each, serialised across all
 * requests: with the shipped config on, the gateway bench's median went from under 1 ms to 5-7 ms). {@link #sync} waits until everything recorded so far
 * is on disk; {@link #close} does so first. A write that fails (a full disk) is undone as far as the file allows,
 * counted and shown on {@code /health} and {@code /metrics}; serving goes on, and the chain continues from the last
 * entry that reached the disk. A writer far behind (a slow disk) holds recording up instead of dropping entries.
 */
public final class AuditTrail implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(AuditTrail.class.getName());
    /** The last entry is looked for in this much of the file's end; entries are far smaller. */
    private static final int TAIL_BYTES = 1 << 20;

    /** What {@code /health} says about the audit log. */
    public record State(Path file, long written, long forces, long failedWrites, String lastError,
            Instant lastFailure) {
        /** False while the latest write failed; a later write that succeeds makes it true again. */
        public boolean ok() {
            return lastError == null;
        }
    }

    /** Entries recorded and not yet written; recording waits when this many are (the disk is far behind). */
    private static final int MAX_PENDING = 65_536;
    private static final Duration CLOSE_DEADLINE = Duration.ofSeconds(10);
    /**
     * The least time between two forces to disk. One request at a time made every batch a single entry, and its
     * force (about 100 µs of CPU and 0.3 ms of disk on the 2-core test machine) was the largest cost the audit put on
     * serving: the gateway bench's decision-only path used 595 CPU µs per request with the audit on and 375 with it
     * off. Gathering for this long bounds the forces to 100 a second at any load; an entry still reaches the disk
     * within about this interval of being recorded.
     */
    static final Duration FORCE_INTERVAL = Duration.ofMillis(10);

    /** An entry as recorded: its body and the time it was recorded; seq, prev and hash are set when written. */
    private record Pending(ObjectNode body, Instant time) {}

    private final Path file;
    private final FileChannel channel;
    private final Clock clock;
    private final BlockingQueue<Pending> pending = new LinkedBlockingQueue<>(MAX_PENDING);
    private final Thread writer;
    /** Entries recorded and entries handled by the writer (written or failed): {@link #sync} waits for them to meet. */
    private final AtomicLong recorded = new AtomicLong();
    private long handled;
    private volatile boolean closing;
    private String lastHash;
    private long seq;
    private long written;
    /** Times the file was forced to disk: once per batch that reached it. */
    private long forces;
    private long failedWrites;
    private String lastError;
    private Instant lastFailure;

    private AuditTrail(Path file, FileChannel channel, Clock clock, String lastHash, long seq) {
        this.file = file;
        this.channel = channel;
        this.clock = clock;
        this.lastHash = lastHash;
        this.seq = seq;
        this.writer = Thread.ofPlatform().daemon().name("audit-writer").start(this::writeLoop);
    }

    /**
     * Opens the log to continue its chain (creating it and its folder if need be).
     *
     * @throws ConfigException when the file cannot be opened or its last entry is not an audit entry
     */
    public static AuditTrail open(Path file, Clock clock) {
        try {
            if (file.toAbsolutePath().getParent() != null && !Files.exists(file)) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.READ);
            if (!Files.isRegularFile(file)) {
                return new AuditTrail(file, channel, clock, CanonicalJson.GENESIS, 0); // a device, e.g. in tests
            }
            // one writer per file: a second server appending to it would fork the chain
            if (!lock(channel)) {
                channel.close();
                throw new ConfigException(file.toString(), List.of(new Violation("audit.file", "is being written "
                        + "by another process")));
            }
            String last = lastLine(channel);
            if (last == null) return new AuditTrail(file, channel, clock, CanonicalJson.GENESIS, 0);
            JsonNode entry = AuditVerifier.parse(last);
            if (entry == null || !entry.path("hash").isTextual() || !entry.path("seq").canConvertToLong()) {
                channel.close();
                throw new ConfigException(file.toString(), List.of(new Violation("audit.file", "its last line is "
                        + "not an audit entry; run gatehouse audit verify " + file)));
            }
            return new AuditTrail(file, channel, clock, entry.get("hash").asText(), entry.get("seq").asLong());
        } catch (IOException e) {
            throw new ConfigException(file.toString(), List.of(new Violation("audit.file", "cannot be opened: "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()))));
        }
    }

    /** Records a routing decision and what came of it (called once per request, after the response). */
    public void decision(Decision decision, Outcome outcome) {
        append(AuditEntries.decision(decision, outcome));
    }

    /** A decision held for human review, with who decided it and when. */
    public void decision(Decision decision, Outcome outcome, dev.gatehouse.router.decisionlog.ReviewMark review) {
        var entry = AuditEntries.decision(decision, outcome);
        if (review != null) review.writeTo(entry.putObject("review"));
        append(entry);
    }

    /**
     * Records an administrative request (pool change, reload, ...).
     *
     * @param tenant null when the server runs without keys
     */
    public void admin(String tenant, String keyId, String method, String path, int status) {
        append(AuditEntries.admin(tenant, keyId, method, path, status));
    }

    public synchronized State state() {
        return new State(file, written, forces, failedWrites, lastError, lastFailure);
    }

    private void append(ObjectNode body) {
        if (closing) {
            LOG.warning("audit log " + file + ": an entry recorded after close was not written");
            return;
        }
        recorded.incrementAndGet();
        try {
            pending.put(new Pending(body, clock.instant()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            synchronized (this) {
                failedWrites++;
                handled++;
                lastError = "interrupted while waiting for the writer";
                lastFailure = clock.instant();
                notifyAll();
            }
            LOG.warning("audit log " + file + ": an entry was not written (interrupted while the writer was behind)");
        }
    }

    /** Waits until every entry recorded before this call is written or has failed, at most {@code deadline}. */
    public boolean sync(Duration deadline) {
        long target = recorded.get();
        long until = System.nanoTime() + deadline.toNanos();
        synchronized (this) {
            while (handled < target) {
                long left = until - System.nanoTime();
                if (left <= 0) return false;
                try {
                    java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>();
        long forcedAt = System.nanoTime() - FORCE_INTERVAL.toNanos();
        while (!(closing && pending.isEmpty())) {
            try {
                Pending first = pending.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                long untilNextForce = forcedAt + FORCE_INTERVAL.toNanos() - System.nanoTime();
                if (untilNextForce > 0 && !closing) Thread.sleep(Duration.ofNanos(untilNextForce)); // gather more
            } catch (InterruptedException e) {
                continue; // nothing interrupts it on purpose; the loop ends once closing and nothing is left
            }
            pending.drainTo(batch);
            write(batch);
            forcedAt = System.nanoTime();
            batch.clear();
        }
    }

    /** Writes a batch in order with one force; on failure none of it counts and the chain stays where it was. */
    private synchronized void write(List<Pending> batch) {
        var lines = new StringBuilder();
        String hash = lastHash;
        for (int i = 0; i < batch.size(); i++) {
            ObjectNode entry = CanonicalJson.MAPPER.createObjectNode();
            entry.put("seq", seq + i + 1);
            entry.put("time", batch.get(i).time().toString());
            entry.put("prev", hash);
            entry.setAll(batch.get(i).body());
            hash = CanonicalJson.chainHash(hash, entry);
            entry.put("hash", hash);
            lines.append(CanonicalJson.of(entry)).append('\n');
        }
        long end = -1;
        try {
            end = channel.size();
            ByteBuffer buffer = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
            long at = end;
            while (buffer.hasRemaining()) at += channel.write(buffer, at);
            channel.force(false);
            forces++;
            seq += batch.size();
            lastHash = hash;
            written += batch.size();
            lastError = null;
        } catch (IOException e) {
            failedWrites += batch.size();
            lastError = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            lastFailure = clock.instant();
            LOG.warning("audit log " + file + ": entries " + (seq + 1) + "-" + (seq + batch.size()) + " not written ("
                    + lastError + "); serving goes on");
            undo(end);
        }
        handled += batch.size();
        notifyAll();
    }

    private static boolean lock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock() != null;
        } catch (java.nio.channels.OverlappingFileLockException e) {
            return false; // this JVM holds it already
        }
    }

    /** Cuts a half-written line off, so the next entry starts on a line of its own. */
    private void undo(long end) {
        if (end < 0) return;
        try {
            if (channel.size() > end) channel.truncate(end);
        } catch (IOException e) {
            LOG.warning("audit log " + file + ": could not cut off a failed write (" + e.getMessage() + ")");
        }
    }

    /** The last complete line, or null for an empty file; a torn last line (no newline) is cut off and reported. */
    private static String lastLine(FileChannel channel) throws IOException {
        long size = channel.size();
        if (size == 0) return null;
        int n = (int) Math.min(size, TAIL_BYTES);
        ByteBuffer tail = ByteBuffer.allocate(n);
        while (tail.hasRemaining() && channel.read(tail, size - n + tail.position()) >= 0) {
            // read until full
        }
        byte[] bytes = tail.array();
        int end = bytes.length;
        if (bytes[end - 1] != '\n') {
            int cut = lastIndexOf(bytes, end - 1);
            long keep = size - n + cut + 1;
            LOG.warning("audit log: the last " + (size - keep) + " bytes are a torn entry (a crash mid-write); "
                    + "cut off");
            channel.truncate(keep);
            if (keep == 0) return null;
            end = cut + 1;
        }
        int start = lastIndexOf(bytes, end - 2) + 1;
        return new String(bytes, start, end - 1 - start, StandardCharsets.UTF_8);
    }

    private static int lastIndexOf(byte[] bytes, int from) {
        for (int i = from; i >= 0; i--) if (bytes[i] == '\n') return i;
        return -1;
    }

    /** Writes what is recorded (waiting a while for a slow disk), then closes the file. */
    @Override
    public void close() {
        if (!sync(CLOSE_DEADLINE)) {
            LOG.warning("audit log " + file + ": the writer did not finish within " + CLOSE_DEADLINE + "; "
                    + pending.size() + " entries not written");
        }
        closing = true; // the writer sees it within its poll interval; an interrupt could land mid-write and close the file
        try {
            writer.join(CLOSE_DEADLINE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.warning("audit log " + file + ": close failed (" + e.getMessage() + ")");
            }
        }
    }
}
