package dev.gatehouse.router.escalation;

import dev.gatehouse.inference.InferenceException;
import dev.gatehouse.inference.TokenEvent;
import dev.gatehouse.inference.TokenStream;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A provider's answer that settles its budget reservation when it ends: with the real cost from the provider's
 * token counts at the end event; with the whole reservation when the stream broke or was closed after it began
 * (the provider bills what it generated and we cannot know how much, so the ledger errs on the side of spent).
 * A call that fails before its stream exists releases the reservation instead (the caller's
 * {@code try (Reservation r = ...)} does that).
 */
public final class SettlingTokenStream implements TokenStream {

    private final TokenStream inner;
    private final Reservation reservation;
    private final TokenPrices prices;
    private final Consumer<Cost> onCost;
    private final AtomicBoolean settled = new AtomicBoolean();

    /** @param onCost told the booked cost once (decision log, {@code usage} extension, metrics per tenant/target) */
    public SettlingTokenStream(TokenStream inner, Reservation reservation, TokenPrices prices, Consumer<Cost> onCost) {
        this.inner = inner;
        this.reservation = reservation;
        this.prices = prices;
        this.onCost = onCost;
    }

    @Override
    public TokenEvent next() {
        try {
            TokenEvent event = inner.next();
            if (event instanceof TokenEvent.End end) {
                settle(prices.cost(end.usage().promptTokens(), end.usage().completionTokens()));
            }
            return event;
        } catch (InferenceException e) {
            settle(reservation.reserved());
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
        settle(reservation.reserved());
    }

    private void settle(Cost cost) {
        if (settled.compareAndSet(false, true)) {
            reservation.settle(cost);
            onCost.accept(cost);
        }
    }
}
