package dev.gatehouse.inference.provider;

import dev.gatehouse.inference.InferenceException;
import dev.gatehouse.inference.TokenEvent;
import dev.gatehouse.inference.TokenStream;
import java.util.ArrayDeque;
import java.util.List;

/** Events already received in full (a non-streaming answer). */
final class ListTokenStream implements TokenStream {
    private final ArrayDeque<TokenEvent> events;
    private volatile boolean closed;

    ListTokenStream(List<TokenEvent> events) {
        this.events = new ArrayDeque<>(events);
    }

    @Override
    public TokenEvent next() {
        if (closed) {
            throw new InferenceException(InferenceException.Kind.CANCELLED, "the stream was closed");
        }
        TokenEvent event = events.poll();
        if (event == null) {
            throw new IllegalStateException("next() after the end");
        }
        return event;
    }

    @Override
    public boolean ready() {
        return !events.isEmpty();
    }

    @Override
    public void close() {
        closed = true;
    }
}
