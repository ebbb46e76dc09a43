package dev.gatehouse.natives;

/**
 * One running generation. Exactly one thread calls {@link #next()}; any thread may {@link #cancel()}. Closing it
 * cancels the work and frees its slot at once.
 */
public interface EngineGeneration extends AutoCloseable {

    /** Tokens the model read for the prompt, special tokens included. */
    int promptTokens();

    /** Blocks until the next piece or the end; after {@link EngineEvent.Finished} it keeps returning it. */
    EngineEvent next() throws InterruptedException;

    /** Stops the work; idempotent; {@link #next()} then returns the end promptly. */
    void cancel();

    @Override
    void close();
}
