package dev.gatehouse.router.cascade;

import dev.gatehouse.inference.FinishReason;
import java.util.List;

/**
 * A buffered local answer to be checked before it is sent.
 *
 * @param tokenLogprobs natural-log probability of each generated token, or null when the backend gives none
 */
public record CandidateAnswer(String text, FinishReason finishReason, List<Double> tokenLogprobs) {
    public CandidateAnswer {
        tokenLogprobs = tokenLogprobs == null ? null : List.copyOf(tokenLogprobs);
    }

    public static CandidateAnswer of(String text) {
        return new CandidateAnswer(text, FinishReason.STOP, null);
    }
}
