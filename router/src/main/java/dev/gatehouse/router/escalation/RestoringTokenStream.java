package dev.gatehouse.router.escalation;

import dev.gatehouse.inference.TokenEvent;
import dev.gatehouse.inference.TokenStream;

/**
 * Restores masked values in a streamed answer. Text that might be the start of a placeholder split across chunks
 * ({@code "<EMAIL_AD"}) is held back until the next chunk decides it; everything else passes at once.
 */
final class RestoringTokenStream implements TokenStream {
    private final TokenStream inner;
    private final PlaceholderMask mask;
    private final StringBuilder held = new StringBuilder();
    private TokenEvent.End end;

    RestoringTokenStream(TokenStream inner, PlaceholderMask mask) {
        this.inner = inner;
        this.mask = mask;
    }

    @Override
    public TokenEvent next() {
        if (end != null) {
            TokenEvent.End last = end;
            end = null;
            return last;
        }
        while (true) {
            TokenEvent event = inner.next();
            if (event instanceof TokenEvent.End finished) {
                if (held.isEmpty()) {
                    return finished;
                }
                end = finished;
                String rest = mask.restore(held.toString());
                held.setLength(0);
                return new TokenEvent.Text(rest);
            }
            held.append(((TokenEvent.Text) event).text());
            String restored = mask.restore(held.toString());
            int cut = mask.holdBackFrom(restored);
            held.setLength(0);
            held.append(restored, cut, restored.length());
            if (cut > 0) {
                return new TokenEvent.Text(restored.substring(0, cut));
            }
        }
    }

    @Override
    public boolean ready() {
        return end != null || inner.ready();
    }

    @Override
    public void close() {
        inner.close();
    }
}
