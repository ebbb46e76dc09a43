package dev.gatehouse.router.policy;

/**
 * What one target can do right now.
 *
 * @param state           loaded, cold, loading, draining or failed
 * @param slots           requests it serves at once
 * @param inFlight        requests it is serving
 * @param queued          requests waiting for a slot
 * @param maxQueue        waiting requests it accepts before refusing (a full queue means a 429)
 * @param contextLength   tokens, or 0 when unknown
 * @param coldLoadMillis  measured load time, or -1 when never loaded (the target's assumption then applies)
 * @param tokensPerSecond measured generation speed, or 0 when nothing was measured yet
 */
public record TargetCapacity(
        String target,
        State state,
        int slots,
        int inFlight,
        int queued,
        int maxQueue,
        int contextLength,
        long coldLoadMillis,
        double tokensPerSecond) {

    public enum State {
        LOADED,
        LOADING,
        COLD,
        DRAINING,
        FAILED;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public int freeSlots() {
        return Math.max(0, slots - inFlight);
    }

    /** No free slot and a full queue: a request sent there now is refused. */
    public boolean full() {
        return freeSlots() == 0 && queued >= maxQueue;
    }

    /** A loaded, idle target (for tests and remote targets). */
    public static TargetCapacity idle(String target, int slots, double tokensPerSecond) {
        return new TargetCapacity(target, State.LOADED, slots, 0, 0, 8, 0, -1, tokensPerSecond);
    }

    public TargetCapacity withLoad(int newInFlight, int newQueued) {
        return new TargetCapacity(target, state, slots, newInFlight, newQueued, maxQueue, contextLength,
                coldLoadMillis, tokensPerSecond);
    }

    public TargetCapacity withState(State newState) {
        return new TargetCapacity(target, newState, slots, inFlight, queued, maxQueue, contextLength, coldLoadMillis,
                tokensPerSecond);
    }

    public TargetCapacity withContext(int tokens) {
        return new TargetCapacity(target, state, slots, inFlight, queued, maxQueue, tokens, coldLoadMillis,
                tokensPerSecond);
    }
}
