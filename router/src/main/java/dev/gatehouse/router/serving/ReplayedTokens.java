package dev.gatehouse.router.serving;

import dev.gatehouse.inference.TokenEvent;
import dev.gatehouse.inference.TokenStream;
import java.util.List;

/**
 * Events already in hand, handed out as a stream: a cascade's buffered local answer, or a tool's answer. Past the
 * last event it keeps answering the last one (the end), as a finished generation does.
 */
final class ReplayedTokens implements TokenStream {
    private final List<TokenEvent> events;
    private int next;

    ReplayedTokens(List<TokenEvent> events) {
        this.events = List.copyOf(events);
    }

    @Override
    public TokenEvent next() {
        return events.get(Math.min(next++, events.size() - 1));
    }

    @Override
    public boolean ready() {
        return true;
    }

    @Override
    public void close() {}
}
