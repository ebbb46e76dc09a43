package dev.gatehouse.inference.provider;

import dev.gatehouse.inference.InferenceException;
import dev.gatehouse.inference.TokenEvent;
import dev.gatehouse.inference.TokenStream;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/** Passes events through and reports, exactly once, how the stream ended. */
final class OutcomeTokenStream implements TokenStream {

    enum Outcome {
        /** The provider sent its end event. */
        COMPLETED,
        /** The stream broke after its first token. */
        BROKEN,
        /** Closed before the end (the client went away); says nothing about the provider. */
        ABANDONED
    }

    private final TokenStream inner;
    private final Consumer<Outcome> onOutcome;
    private final AtomicBoolean reported = new AtomicBoolean();

    OutcomeTokenStream(TokenStream inner, Consumer<Outcome> onOutcome) {
        this.inner = inner;
        this.onOutcome = onOutcome;
    }

    @Override
    public TokenEvent next() {
        try {
            TokenEvent event = inner.next();
            if (event instanceof TokenEvent.End) {
                report(Outcome.COMPLETED);
            }
            return event;
        } catch (InferenceException e) {
            report(e.kind() == InferenceException.Kind.PROVIDER_FAILED ? Outcome.BROKEN : Outcome.ABANDONED);
            throw e;
        }
    }

    @Override
    public boolean ready() {
        return inner.ready();
    }

    @Override
    public void close() {
        inner.close();
        report(Outcome.ABANDONED);
    }

    private void report(Outcome outcome) {
        if (reported.compareAndSet(false, true)) {
            onOutcome.accept(outcome);
        }
    }
}
