package dev.gatehouse.router.serving;

import dev.gatehouse.inference.TokenStream;
import dev.gatehouse.router.escalation.Cost;
import dev.gatehouse.router.policy.Decision;
import dev.gatehouse.router.privacy.DataClass;
import dev.gatehouse.router.privacy.Finding;
import java.util.List;
import java.util.function.Supplier;

/**
 * The wire side of one chat request, which {@link ChatServing#serve} tells what happens in order. The HTTP layer
 * implements it (headers, JSON or server-sent events); nothing here decides anything.
 */
public interface ChatReply {

    /**
     * The request was decided (refused or not), before any target is tried.
     *
     * @param model what the request named, resolved (see {@link RequestedModel})
     */
    void decided(Decision decision, RequestedModel model);

    /** The privacy scan's data class (declared, raised by detection) and findings, before {@link #decided}. */
    default void classified(DataClass dataClass, List<Finding> findings) {}

    /**
     * The request waits for review instead of being answered (a policy rule asked for it): the reply says where to
     * poll for the outcome. Replies that cannot hold a request (an approved request is answered) never get this.
     */
    default void heldForReview(ReviewStep.Held held) {
        throw new IllegalStateException("this reply cannot hold a request for review");
    }

    /**
     * A target answers (its first token is in).
     *
     * @param failedBefore the targets that failed before it, in order
     * @param cascade      the cascade's outcome ({@code passed}, {@code escalated:<check>}, …), or null without one
     */
    void answering(String target, List<String> failedBefore, String cascade);

    /**
     * Writes the answer as it comes. Errors after the first byte travel inside the response; errors before it are
     * thrown. The stream is closed by the caller.
     *
     * @param cost     what the answer cost, known once its last event was read
     * @param keepText whether the completion text goes into the outcome (only when prompts are logged)
     */
    Delivery deliver(String target, TokenStream tokens, Supplier<Cost> cost, boolean keepText);

    /**
     * What went out.
     *
     * @param firstTokenNanos {@link System#nanoTime()} when the first text went out, or -1
     * @param completionText  the answer's text when asked to keep it, else null
     * @param errorCode       the error sent inside a started response, or null
     * @param clientClosed    the client went away before the end
     */
    record Delivery(int promptTokens, int completionTokens, long firstTokenNanos, String completionText,
                    String errorCode, boolean clientClosed) {}
}
