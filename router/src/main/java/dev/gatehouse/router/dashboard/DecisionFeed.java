package dev.gatehouse.router.dashboard;

import dev.gatehouse.router.escalation.Cost;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The last finished requests in memory, newest first, and what they cost today, for the dashboard. Each addition
 * bumps a version that live views wait on, so a new decision reaches open pages at once. Today is the calendar day
 * in the budget's time zone; time comes from the decisions and from the caller, never from a clock in here.
 */
public final class DecisionFeed {

    private final int capacity;
    private final ZoneId zone;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    // guarded by lock
    private final Deque<DecisionSummary> recent = new ArrayDeque<>();
    private final Map<String, Cost> costToday = new TreeMap<>();
    private LocalDate today;
    private long version;

    /** @param capacity how many decisions are kept (older ones drop out) */
    public DecisionFeed(int capacity, ZoneId zone) {
        if (capacity < 1) throw new IllegalArgumentException("capacity < 1: " + capacity);
        this.capacity = capacity;
        this.zone = zone;
    }

    public void add(DecisionSummary summary) {
        lock.lock();
        try {
            recent.addFirst(summary);
            if (recent.size() > capacity) recent.removeLast();
            if (summary.cost() != null && summary.servedBy() != null) {
                LocalDate day = LocalDate.ofInstant(summary.at(), zone);
                if (today == null || day.isAfter(today)) {
                    today = day;
                    costToday.clear();
                }
                // a request decided before midnight and finished after it is booked on the day it was decided
                if (day.equals(today)) costToday.merge(summary.servedBy(), summary.cost(), Cost::plus);
            }
            version++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The newest {@code limit} decisions, newest first. */
    public List<DecisionSummary> recent(int limit) {
        lock.lock();
        try {
            return recent.stream().limit(limit).toList();
        } finally {
            lock.unlock();
        }
    }

    /** What answers served on the day of {@code now} cost, per target that served them; empty on a new day. */
    public Map<String, Cost> costOn(Instant now) {
        lock.lock();
        try {
            return LocalDate.ofInstant(now, zone).equals(today) ? Map.copyOf(costToday) : Map.of();
        } finally {
            lock.unlock();
        }
    }

    /** Grows by one with every added decision. */
    public long version() {
        lock.lock();
        try {
            return version;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until a decision newer than {@code seen} arrives or {@code max} passes.
     *
     * @return the version now
     */
    public long awaitNewerThan(long seen, Duration max) throws InterruptedException {
        lock.lock();
        try {
            long nanos = max.toNanos();
            while (version <= seen && nanos > 0) {
                nanos = changed.awaitNanos(nanos);
            }
            return version;
        } finally {
            lock.unlock();
        }
    }
}
