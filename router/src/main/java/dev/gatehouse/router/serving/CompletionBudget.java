package dev.gatehouse.router.serving;

/**
 * How many tokens a completion may generate: what the client asked for if it fits the context next to the
 * prompt, else a 400 naming both numbers; without a request, whatever the context leaves.
 */
final class CompletionBudget {

    private CompletionBudget() {}

    /**
     * @param requested {@code max_tokens} from the request, or null
     * @param param     the field name the client used, for the error
     */
    static int decide(Integer requested, String param, int promptTokens, int contextLength) {
        int left = contextLength - promptTokens;
        if (left <= 0) {
            throw new ContextTooLongException("messages", "messages: the prompt takes "
                    + promptTokens + " tokens, which leaves no room in the model's context of " + contextLength
                    + " tokens");
        }
        if (requested == null) {
            return left;
        }
        if (requested > left) {
            throw new ContextTooLongException(param, param + ": " + requested
                    + " tokens requested but the prompt takes " + promptTokens + " of the model's context of "
                    + contextLength + " tokens, which leaves " + left);
        }
        return requested;
    }
}
