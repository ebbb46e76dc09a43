package dev.gatehouse.router.serving;

import dev.gatehouse.inference.ChatLease;
import dev.gatehouse.inference.TokenEvent;
import dev.gatehouse.inference.TokenStream;

/**
 * A local generation with the slot it runs on: closing it cancels the generation, then returns the slot, so the
 * slot is free for the next request when {@link #close()} returns. Idempotent, from any thread.
 */
final class LeasedGeneration implements TokenStream {

    private final TokenStream generation;
    private final ChatLease lease;

    LeasedGeneration(TokenStream generation, ChatLease lease) {
        this.generation = generation;
        this.lease = lease;
    }

    @Override
    public TokenEvent next() {
        return generation.next();
    }

    @Override
    public boolean ready() {
        return generation.ready();
    }

    @Override
    public void close() {
        try {
            generation.close();
        } finally {
            lease.close();
        }
    }
}
