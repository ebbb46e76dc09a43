package dev.gatehouse.inference.provider;

import java.time.Duration;
import java.time.Instant;

/**
 * Two counters (all events, and the marked ones: failures, escalations) over a sliding time window, kept in
 * fixed buckets so memory does not grow with traffic. Time is passed in. Not thread-safe: owners lock.
 */
public final class WindowCounts {
    private final long bucketNanos;
    private final long[] totals;
    private final long[] marked;
    private final long[] epochs;

    public WindowCounts(Duration window, int buckets) {
        if (buckets < 1 || window.toNanos() < buckets) {
            throw new IllegalArgumentException("need >= 1 bucket and a window of >= 1 ns per bucket");
        }
        this.bucketNanos = window.toNanos() / buckets;
        this.totals = new long[buckets];
        this.marked = new long[buckets];
        this.epochs = new long[buckets];
        java.util.Arrays.fill(epochs, Long.MIN_VALUE);
    }

    public void add(Instant now, boolean isMarked) {
        add(now, 1, isMarked ? 1 : 0);
    }

    /** Adds to both counts; {@code add(now, 0, 1)} marks an event that was already counted. */
    public void add(Instant now, int events, int marks) {
        long epoch = epoch(now);
        int i = (int) Math.floorMod(epoch, (long) totals.length);
        if (epochs[i] != epoch) {
            epochs[i] = epoch;
            totals[i] = 0;
            marked[i] = 0;
        }
        totals[i] += events;
        marked[i] += marks;
    }

    public long total(Instant now) {
        return sum(totals, now);
    }

    public long marked(Instant now) {
        return sum(marked, now);
    }

    public void clear() {
        java.util.Arrays.fill(epochs, Long.MIN_VALUE);
    }

    private long sum(long[] counts, Instant now) {
        long current = epoch(now);
        long sum = 0;
        for (int i = 0; i < counts.length; i++) {
            if (epochs[i] > current - counts.length && epochs[i] <= current) {
                sum += counts[i];
            }
        }
        return sum;
    }

    private long epoch(Instant now) {
        long nanos = Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L), now.getNano());
        return Math.floorDiv(nanos, bucketNanos);
    }
}
