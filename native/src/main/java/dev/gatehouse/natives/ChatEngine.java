package dev.gatehouse.natives;

import java.util.List;

/**
 * A loaded GGUF chat model, whichever engine runs it. The pool, the workers and the router talk to this interface
 * only; {@link ChatEngines} picks the implementation. Thread-safe; up to {@link #slots()} generations run at once.
 */
public interface ChatEngine extends AutoCloseable {

    /** Which engine, backend and library version run the model. */
    EngineInfo info();

    /** Tokens of context each slot has (prompt plus output). */
    int contextLength();

    /** How many generations can run at once. */
    int slots();

    /** The model's Jinja chat template (the manifest override, else the GGUF's), or null when it has none. */
    String chatTemplate();

    /** The text of the model's beginning-of-sequence token ("" when it has none), as templates expect it. */
    String bosToken();

    /** The text of the model's end-of-sequence token ("" when it has none). */
    String eosToken();

    /**
     * The prompt for a plain conversation rendered by the engine's own template support (used when the Jinja
     * template cannot be rendered in Java), with the assistant's generation prompt appended.
     */
    String formatChat(List<ChatTurn> turns);

    /** Tokens the model will read for {@code prompt}, special tokens such as BOS included. */
    int countPromptTokens(String prompt);

    /**
     * Tokenises the prompt, checks it against the context and starts generating. Read the result on a platform
     * thread; it blocks.
     *
     * @throws NativeException CONTEXT_OVERFLOW when the prompt (plus the asked maximum) does not fit a slot,
     *                         UNSUPPORTED_OPTION when this engine cannot honour a setting
     */
    EngineGeneration start(String prompt, GenerationSettings settings);

    /** Cancels running generations and frees the model. Idempotent. */
    @Override
    void close();
}
