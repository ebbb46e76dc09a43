package dev.gatehouse.natives;

/**
 * One running generation on a model slot. It exists so that the blocking, single-reader nature of the native
 * stream is explicit: exactly one (platform) thread calls {@link #nextPiece()}; any thread may {@link #cancel()}.
 * Closing it cancels the native work and returns the slot.
 */
public interface NativeGeneration extends AutoCloseable {

    /** The next piece of text; blocks inside native code. Null when the generation is over or was cancelled. */
    String nextPiece();

    /** True when the generation ended because {@code maxTokens} was reached (finish reason "length"). */
    boolean hitLimit();

    /** Tokens the model processed for the prompt, special tokens such as BOS included. */
    int promptTokens();

    /** Tokens generated so far. */
    int generatedTokens();

    /** Stops the native work; idempotent; afterwards {@link #nextPiece()} returns null promptly. */
    void cancel();

    @Override
    void close();
}
