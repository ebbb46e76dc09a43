package dev.gatehouse.natives;

import java.util.List;

/**
 * A token's log probability under the model at one position, and the most likely alternatives there.
 *
 * @param bytes the token's bytes (a token may hold part of a UTF-8 character)
 * @param top   the most likely tokens at this position, most likely first (their own {@code top} is empty)
 */
public record TokenProbability(int token, byte[] bytes, double logprob, List<TokenProbability> top) {
    public TokenProbability {
        top = List.copyOf(top);
    }
}
