package dev.gatehouse.router.serving;

import dev.gatehouse.inference.TokenEvent;
import dev.gatehouse.inference.TokenStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The one timeout of a request ({@code limits.requestTimeout}), from its start to its last token: the wait for a
 * slot ({@link #remaining()} bounds it), the wait for the model to read the prompt ({@link #interruptible}), the
 * wait for the first token, a cascade's buffered local answer and the stream ({@link #guard}). When it passes, every
 * guarded stream is closed (which cancels its generation and returns its slot) and a thread waiting in an
 * interruptible section is interrupted; whatever the request's thread was waiting for then ends in a
 * {@link RequestTimeoutException}.
 */
final class RequestDeadline implements AutoCloseable {

    /**
     * One daemon thread for all deadlines: it only hands closing to other threads and interrupts, never blocks. A
     * closed deadline's alarm leaves its queue at once: by default a cancelled alarm stayed queued until its time
     * came, so every request of the last {@code requestTimeout} (five minutes, 600,000 requests at the bench's rate)
     * kept its alarm, and with it its deadline and streams, on the heap.
     */
    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private static ScheduledThreadPoolExecutor timer() {
        var timer = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name("gatehouse-deadlines").factory());
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    /** Alarms queued now: one per request in flight. */
    static int pendingAlarms() {
        return TIMER.getQueue().size();
    }

    private final Duration timeout;
    private final long endNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<TokenStream> guarded = new ArrayList<>();
    private final ScheduledFuture<?> alarm;
    private Thread interruptible;
    private boolean expired;

    private RequestDeadline(Duration timeout) {
        this.timeout = timeout;
        this.endNanos = System.nanoTime() + timeout.toNanos();
        this.alarm = TIMER.schedule(this::expire, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    static RequestDeadline start(Duration timeout) {
        return new RequestDeadline(timeout);
    }

    /** Time left; a deadline that has passed throws the request's timeout. */
    Duration remaining() {
        long left = endNanos - System.nanoTime();
        if (left <= 0 || isExpired()) throw timeout();
        return Duration.ofNanos(left);
    }

    boolean passed() {
        return System.nanoTime() - endNanos >= 0 || isExpired();
    }

    RequestTimeoutException timeout() {
        return new RequestTimeoutException(timeout);
    }

    /**
     * Runs a wait that closing cannot end (a worker reading the prompt answers only with a frame); the deadline
     * interrupts it. The interrupt is taken back before returning, so it cannot reach a later socket write.
     */
    <T> T interruptible(Supplier<T> wait) {
        lock.lock();
        try {
            if (expired) throw timeout();
            interruptible = Thread.currentThread();
        } finally {
            lock.unlock();
        }
        try {
            return wait.get();
        } catch (RuntimeException e) {
            if (passed()) throw timeout();
            throw e;
        } finally {
            boolean interrupted;
            lock.lock();
            try {
                interruptible = null;
                interrupted = expired;
            } finally {
                lock.unlock();
            }
            if (interrupted) Thread.interrupted();
        }
    }

    /**
     * The stream, closed when the deadline passes; reading it then throws the timeout. Close the stream that owns
     * the lease, so that the slot is returned with it.
     */
    TokenStream guard(TokenStream stream) {
        lock.lock();
        try {
            if (!expired && System.nanoTime() - endNanos < 0) {
                guarded.add(stream);
                return new Guarded(stream);
            }
        } finally {
            lock.unlock();
        }
        stream.close();
        throw timeout();
    }

    private boolean isExpired() {
        lock.lock();
        try {
            return expired;
        } finally {
            lock.unlock();
        }
    }

    private void expire() {
        List<TokenStream> toClose;
        lock.lock();
        try {
            expired = true;
            toClose = List.copyOf(guarded);
            // under the lock: the thread cannot have left its interruptible section yet
            if (interruptible != null) interruptible.interrupt();
        } finally {
            lock.unlock();
        }
        for (TokenStream stream : toClose) {
            // closing may wait for a worker to confirm the cancel; the timer must not
            Thread.ofVirtual().name("gatehouse-deadline-close").start(stream::close);
        }
    }

    /** Stops the alarm; the request is done. */
    @Override
    public void close() {
        alarm.cancel(false);
    }

    private final class Guarded implements TokenStream {
        private final TokenStream delegate;

        Guarded(TokenStream delegate) {
            this.delegate = delegate;
        }

        @Override
        public TokenEvent next() {
            if (passed()) throw timeout();
            try {
                return delegate.next();
            } catch (RuntimeException e) {
                if (passed()) throw timeout();
                throw e;
            }
        }

        @Override
        public boolean ready() {
            return delegate.ready();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
