package dev.gatehouse.router.serving;

import dev.gatehouse.inference.TokenEvent;
import dev.gatehouse.inference.TokenStream;

/**
 * A local generation waited for until its first event, so that a failure before the first token (the worker died,
 * the model failed, the deadline passed) is thrown by {@link #start} where the fallback chain can try the next
 * target, as a provider's client does.
 */
final class FirstEventStream implements TokenStream {

    private final TokenStream inner;
    private TokenEvent first;

    private FirstEventStream(TokenStream inner, TokenEvent first) {
        this.inner = inner;
        this.first = first;
    }

    /** Reads the first event; on failure closes the stream. */
    static FirstEventStream start(TokenStream inner) {
        try {
            return new FirstEventStream(inner, inner.next());
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
    }
}
