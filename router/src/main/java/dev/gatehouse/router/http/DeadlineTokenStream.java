package dev.gatehouse.router.http;

import dev.gatehouse.inference.InferenceException;
import dev.gatehouse.inference.TokenEvent;
import dev.gatehouse.inference.TokenStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A token stream that closes itself when the request timeout passes. Closing cancels the generation and unblocks a
 * waiting {@link #next()}, which then reports the timeout instead of a plain cancellation.
 */
final class DeadlineTokenStream implements TokenStream {

    /** One daemon thread for all deadlines: it only calls close(), which must not block. */
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("gatehouse-deadlines").factory());

    private final TokenStream delegate;
    private final Duration timeout;
    private final ScheduledFuture<?> alarm;
    private volatile boolean expired;

    DeadlineTokenStream(TokenStream delegate, Duration timeout) {
        this.delegate = delegate;
        this.timeout = timeout;
        this.alarm = TIMER.schedule(this::expire, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void expire() {
        expired = true;
        delegate.close();
    }

    @Override
    public TokenEvent next() {
        if (expired) {
            throw new RequestTimeoutException(timeout);
        }
        try {
            return delegate.next();
        } catch (InferenceException e) {
            if (expired) {
                throw new RequestTimeoutException(timeout);
            }
            throw e;
        }
    }

    @Override
    public void close() {
        alarm.cancel(false);
        delegate.close();
    }
}
