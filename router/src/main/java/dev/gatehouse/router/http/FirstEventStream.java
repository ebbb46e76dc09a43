package dev.gatehouse.router.http;

import dev.gatehouse.inference.TokenEvent;
import dev.gatehouse.inference.TokenStream;

/**
 * A local generation started and waited for until its first event, so that a failure before the first token (the
 * worker died, the model failed) is thrown by {@link #start} where the fallback chain can try the next target, as a
 * provider's client does. Closing it closes the generation and returns the lease's slot.
 */
final class FirstEventStream implements TokenStream {

    private final TokenStream inner;
    private final AutoCloseable lease;
    private TokenEvent first;

    private FirstEventStream(TokenStream inner, AutoCloseable lease, TokenEvent first) {
        this.inner = inner;
        this.lease = lease;
        this.first = first;
    }

    /** Reads the first event; on failure closes the stream (and nothing else: the caller owns the lease then). */
    static FirstEventStream start(TokenStream inner, AutoCloseable lease) {
        try {
            return new FirstEventStream(inner, lease, inner.next());
        } catch (RuntimeException e) {
            inner.close();
            throw e;
        }
    }

    @Override
    public TokenEvent next() {
        if (first != null) {
            TokenEvent event = first;
            first = null;
            return event;
        }
        return inner.next();
    }

    @Override
    public boolean ready() {
        return first != null || inner.ready();
    }

    @Override
    public void close() {
        inner.close();
        try {
            lease.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing a lease failed", e);
        }
    }
}
