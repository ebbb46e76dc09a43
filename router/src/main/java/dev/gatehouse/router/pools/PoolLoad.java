package dev.gatehouse.router.pools;

import java.util.List;
import java.util.Locale;

/**
 * The load of one model of a Gatehouse peer, or of a whole inference engine (vLLM, llama-server), as one poll read
 * it. Engines batch continuously and do not publish a slot count; their {@code slots} is unknown.
 *
 * @param model         the peer's model id, or null for an engine's metrics (one engine, one pool)
 * @param chat          whether the model serves chat (a peer's embedding models do not count for chat targets)
 * @param slots         requests served at once, or -1 when unknown
 * @param busy          requests being served
 * @param waiting       requests waiting for a slot
 * @param waitLimit     the queue length the pool itself refuses beyond, or -1 when unknown
 * @param kvCacheUsage  share of the KV cache in use (0..1), or -1 when unknown
 * @param contextLength tokens per request, or 0 when unknown
 * @param loadMillis    how long its last load took, or -1
 */
public record PoolLoad(String model, State state, boolean chat, int slots, int busy, int waiting, int waitLimit,
        double kvCacheUsage, int contextLength, long loadMillis) {

    public enum State {
        READY, LOADING, COLD, DRAINING, FAILED;

        /** A peer's {@code /v1/pool} state; anything unknown counts as failed, so it is not chosen on a guess. */
        static State ofWire(String text) {
            return switch (text == null ? "" : text) {
                case "ready" -> READY;
                case "loading" -> LOADING;
                case "unloaded" -> COLD;
                case "draining" -> DRAINING;
                default -> FAILED;
            };
        }

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** An engine's load: always ready, slots unknown. */
    static PoolLoad engine(int busy, int waiting, double kvCacheUsage) {
        return new PoolLoad(null, State.READY, true, -1, busy, waiting, -1, kvCacheUsage, 0, -1);
    }

    /**
     * Why a request sent there now would only wait, or null when it would not: every slot busy and the queue at its
     * limit (the pool's own, or {@code maxWaiting} when lower); for an engine, {@code maxWaiting} requests waiting
     * (at least one) or its KV cache at {@code maxKvCacheUsage}.
     */
    public String whyFull(CapacitySource source) {
        int limit = waitLimit(source);
        if (slots >= 0 && busy >= slots && waiting >= limit) {
            return "all " + slots + " slots busy and " + waiting + " waiting (queue limit " + limit + ")";
        }
        if (slots < 0 && waiting >= Math.max(1, limit)) {
            return busy + " running and " + waiting + " waiting (limit " + limit + ")";
        }
        if (kvCacheUsage >= 0 && kvCacheUsage >= source.maxKvCacheUsage()) {
            return String.format(Locale.ROOT, "KV cache %.0f%% used (limit %.0f%%)", 100 * kvCacheUsage,
                    100 * source.maxKvCacheUsage());
        }
        return null;
    }

    /** The queue length that counts as full: the lower of the pool's own limit and {@code maxWaiting}. */
    public int waitLimit(CapacitySource source) {
        Integer configured = source.maxWaiting();
        if (waitLimit >= 0) return configured == null ? waitLimit : Math.min(waitLimit, configured);
        return configured == null ? CapacitySource.DEFAULT_MAX_WAITING : configured;
    }

    /** Several chat models of a peer seen as one target (the peer chooses among them): sums, best state. */
    static PoolLoad combined(List<PoolLoad> loads) {
        State best = State.FAILED;
        int slots = 0, busy = 0, waiting = 0, limit = 0, context = 0;
        long load = -1;
        for (PoolLoad l : loads) {
            if (l.state.ordinal() < best.ordinal()) best = l.state;
            slots += Math.max(0, l.slots);
            busy += l.busy;
            waiting += l.waiting;
            limit += Math.max(0, l.waitLimit);
            context = Math.max(context, l.contextLength);
            load = Math.max(load, l.loadMillis);
        }
        return new PoolLoad(null, best, true, slots, busy, waiting, limit, -1, context, load);
    }

    String describe() {
        return (model == null ? "" : model + ": ") + state.wireName() + ", " + busy + (slots >= 0 ? "/" + slots : "")
                + " busy, " + waiting + " waiting" + (kvCacheUsage >= 0
                ? String.format(Locale.ROOT, ", KV cache %.0f%%", 100 * kvCacheUsage) : "");
    }
}
