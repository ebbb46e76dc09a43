package dev.gatehouse.router.serving;

/**
 * The prompt, or the prompt with {@code max_tokens}, does not fit the context of any target that was tried: the
 * client's 400 ({@code context_length_exceeded}), worded with the model's real token counts.
 */
public final class ContextTooLongException extends RuntimeException {

    private final String param;

    ContextTooLongException(String param, String message) {
        super(message, null, false, false);
        this.param = param;
    }

    /** The request field to shorten: {@code messages} or {@code max_tokens}. */
    public String param() {
        return param;
    }
}
