package dev.gatehouse.inference;

/**
 * Tokens of one generation, handed from the thread that runs the model to the request's thread.
 *
 * <p>{@link #close()} before the {@link TokenEvent.End} cancels generation and frees the model's slot; it is
 * idempotent and safe from any thread.
 */
public interface TokenStream extends AutoCloseable {

    /**
     * Blocks until the next event.
     *
     * @throws InferenceException when generation failed (worker died, native error, cancelled)
     */
    TokenEvent next();

    /**
     * True when {@link #next()} would return without waiting. Writers use it to flush once per burst rather than
     * once per token when they fall behind the model; false is always a safe answer.
     */
    default boolean ready() {
        return false;
    }

    @Override
    void close();
}
