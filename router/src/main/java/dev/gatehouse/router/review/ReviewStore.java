package dev.gatehouse.router.review;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.manifest.ConfigException;
import dev.gatehouse.manifest.Violation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The review lane on disk, in the folder the operator named ({@code review.store}). It holds prompt text, so every
 * file is the server user's alone (0600, folders 0700):
 * <ul>
 *   <li>{@code pending/<ticket>.json}: a held request (its ticket and the request as sent), written whole and
 *   moved into place, deleted once the request is answered, rejected or expired: a prompt stays no longer than its
 *   request waits.</li>
 *   <li>{@code outcomes.jsonl}: each decision and answer appended as the ticket's new state and forced to disk
 *   before it is acknowledged; the last line of an id wins. {@link #compact} rewrites it with the tickets still
 *   kept, so it never grows past a few times the lane's {@code maxKept}.</li>
 * </ul>
 * Each method is one file operation under the store's lock.
 */
final class ReviewStore {

    static final String PENDING = "pending";
    static final String OUTCOMES = "outcomes.jsonl";
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    /** Only names the lane gives ({@code rev-} and a UUID): nothing else in the folder is read as a ticket. */
    private static final Pattern TICKET_FILE = Pattern.compile("rev-[0-9a-f-]{36}\\.json");

    /** A held request read back: its ticket and what answering it needs. */
    record Pending(ReviewTicket ticket, StoredRequest request) {}

    /**
     * What a restart finds.
     *
     * @param outcomes   each decided ticket's last state, oldest decision first
     * @param pending    the held requests whose files are still there
     * @param unreadable files that could not be read, each with why (renamed aside, never deleted)
     */
    record Contents(Map<String, ReviewTicket> outcomes, List<Pending> pending, List<String> unreadable) {}

    private final Path dir;
    private final Path pending;
    private final Path outcomes;
    private int lines;

    private ReviewStore(Path dir) {
        this.dir = dir;
        this.pending = dir.resolve(PENDING);
        this.outcomes = dir.resolve(OUTCOMES);
    }

    /**
     * Opens (creating) the store in {@code dir}.
     *
     * @throws ConfigException under {@code review.store} when the folder cannot be made, written or kept private
     */
    static ReviewStore open(Path dir) {
        var store = new ReviewStore(dir);
        try {
            folder(dir);
            folder(store.pending);
            if (!Files.exists(store.outcomes)) {
                Files.createFile(store.outcomes, PosixFilePermissions.asFileAttribute(FILE));
            }
            Files.setPosixFilePermissions(store.outcomes, FILE);
            if (!Files.isWritable(store.outcomes)) throw new IOException(store.outcomes + " is not writable");
        } catch (UnsupportedOperationException e) {
            throw invalid(dir, "its file system has no POSIX permissions, and the store holds prompt text that must "
                    + "be readable by this user only");
        } catch (IOException e) {
            throw invalid(dir, "cannot be used (" + describe(e) + ")");
        }
        return store;
    }

    Path dir() {
        return dir;
    }

    /** Writes a held request; it exists whole or not at all. */
    synchronized void held(ReviewTicket ticket, StoredRequest request) {
        var doc = TicketJson.MAPPER.createObjectNode();
        doc.set("ticket", TicketJson.write(ticket));
        doc.set("request", request.toJson());
        Path file = pending.resolve(ticket.id() + ".json");
        Path tmp = pending.resolve(ticket.id() + ".json.tmp");
        try {
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(FILE));
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                write(ch, doc.toString().getBytes(StandardCharsets.UTF_8));
                ch.force(true);
            }
            move(tmp, file);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) { // the write failed already; that is the error worth reporting
            }
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * Appends a ticket's new state and forces it to disk. The file is opened for each line: decisions come at a
     * person's pace, and no handle outlives the call.
     */
    synchronized void decided(ReviewTicket ticket) {
        byte[] line = (TicketJson.write(ticket.withoutPrompt()) + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel out = FileChannel.open(outcomes, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            write(out, line);
            out.force(false);
            lines++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + outcomes, e);
        }
    }

    /** Deletes a held request's file: its prompt leaves the disk. */
    synchronized void forget(String ticketId) {
        try {
            Files.deleteIfExists(pending.resolve(ticketId + ".json"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the held request " + ticketId, e);
        }
    }

    /** Lines in the outcomes file since it was last compacted. */
    synchronized int lines() {
        return lines;
    }

    /** Rewrites the outcomes file with only these decided tickets (written whole, then moved over the old one). */
    synchronized void compact(Collection<ReviewTicket> kept) {
        Path tmp = dir.resolve(OUTCOMES + ".tmp");
        try {
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(FILE));
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                StringBuilder text = new StringBuilder();
                for (ReviewTicket t : kept) text.append(TicketJson.write(t.withoutPrompt())).append('\n');
                write(ch, text.toString().getBytes(StandardCharsets.UTF_8));
                ch.force(true);
            }
            move(tmp, outcomes);
            lines = kept.size();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compact " + outcomes, e);
        }
    }

    /** Everything kept, for a start: unreadable lines are skipped, unreadable pending files renamed aside. */
    synchronized Contents read() {
        Map<String, ReviewTicket> decided = new LinkedHashMap<>();
        List<String> unreadable = new ArrayList<>();
        try {
            int n = 0;
            for (String line : Files.readAllLines(outcomes, StandardCharsets.UTF_8)) {
                n++;
                if (line.isBlank()) continue;
                try {
                    ReviewTicket t = TicketJson.read(TicketJson.MAPPER.readTree(line));
                    decided.remove(t.id()); // re-inserted: the order is that of each ticket's last state
                    decided.put(t.id(), t);
                } catch (IOException | RuntimeException e) {
                    unreadable.add(outcomes + " line " + n + ": " + describe(e));
                }
            }
            lines = n;
            List<Pending> held = new ArrayList<>();
            try (DirectoryStream<Path> files = Files.newDirectoryStream(pending)) {
                for (Path f : files) {
                    if (!TICKET_FILE.matcher(f.getFileName().toString()).matches()) continue;
                    try {
                        JsonNode doc = TicketJson.MAPPER.readTree(Files.readString(f));
                        held.add(new Pending(TicketJson.read(TicketJson.require(doc, "ticket")),
                                StoredRequest.fromJson(TicketJson.require(doc, "request"))));
                    } catch (IOException | RuntimeException e) {
                        unreadable.add(f + ": " + describe(e));
                        move(f, f.resolveSibling(f.getFileName() + ".unreadable"));
                    }
                }
            }
            held.sort(java.util.Comparator.comparing(p -> p.ticket().heldAt()));
            return new Contents(decided, held, unreadable);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the review store " + dir, e);
        }
    }

    private static void folder(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(FOLDER));
        Files.setPosixFilePermissions(dir, FOLDER);
    }

    private static void write(FileChannel ch, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) ch.write(buffer);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static ConfigException invalid(Path dir, String why) {
        return new ConfigException("review store", List.of(new Violation("review.store", dir + " " + why)));
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        if (m != null && m.length() > 200) m = m.substring(0, 200) + "…";
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
