package dev.gatehouse.router.pools;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What polling an on-premises pool last learned: the loads of its last answer and when it came, and the last failure
 * (unreachable, too slow, unreadable). Judging it needs the decision's {@code now}, so it stays a value: the poller
 * writes readings, the decision reads them from its snapshot.
 *
 * @param answeredAt when the pool last answered a poll with something readable, or null when it never did
 * @param loads      what that answer said
 * @param failedAt   when the last poll failed, or null when it succeeded
 * @param lastError  why it failed, or null
 */
public record PoolReading(String pool, Instant answeredAt, List<PoolLoad> loads, Instant failedAt, String lastError) {

    public PoolReading {
        Objects.requireNonNull(pool, "pool");
        loads = List.copyOf(loads);
    }

    /** Before the first poll. */
    public static PoolReading none(String pool) {
        return new PoolReading(pool, null, List.of(), null, null);
    }

    public PoolReading answered(Instant at, List<PoolLoad> newLoads) {
        return new PoolReading(pool, at, newLoads, null, null);
    }

    /** A failed poll keeps the last answer: it counts until it is stale. */
    public PoolReading failed(Instant at, String error) {
        return new PoolReading(pool, answeredAt, loads, at, error);
    }

    /** Why the reading no longer counts at {@code now}, or null while it does. */
    public String whyStale(Instant now, Duration staleAfter) {
        String error = lastError == null ? "" : "; last poll: " + lastError;
        if (answeredAt == null) {
            return "pool " + pool + " has not answered a capacity poll yet" + error;
        }
        Duration age = Duration.between(answeredAt, now);
        if (age.compareTo(staleAfter) > 0) {
            return "pool " + pool + " last answered " + words(age) + " ago (stale after " + words(staleAfter) + ")"
                    + error;
        }
        return null;
    }

    /**
     * The load that stands for a target asking the pool for {@code model}: that model of a peer, the engine's whole
     * load, or, for a name the peer lists no model by ({@code auto}, an alias), its chat models together.
     */
    public Optional<PoolLoad> load(String model) {
        for (PoolLoad l : loads) {
            if (l.model() == null || l.model().equals(model)) return Optional.of(l);
        }
        List<PoolLoad> chat = loads.stream().filter(PoolLoad::chat).toList();
        return chat.isEmpty() ? Optional.empty() : Optional.of(PoolLoad.combined(chat));
    }

    /** 1500 ms, 16 s, 2 min: the largest unit that states the duration exactly. */
    static String words(Duration d) {
        long ms = d.toMillis();
        if (ms % 60_000 == 0) return ms / 60_000 + " min";
        if (ms % 1000 == 0) return ms / 1000 + " s";
        return ms + " ms";
    }

    /** One line for logs and the decision: what the pool said and when. */
    public String describe() {
        if (answeredAt == null) return pool + ": no answer yet" + (lastError == null ? "" : " (" + lastError + ")");
        StringBuilder s = new StringBuilder(pool).append(" at ").append(answeredAt).append(':');
        loads.forEach(l -> s.append(' ').append(l.describe()).append(';'));
        if (lastError != null) s.append(" last poll failed: ").append(lastError);
        return s.toString();
    }
}
