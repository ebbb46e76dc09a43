package dev.gatehouse.inference;

import java.util.List;

/**
 * The log probability of one generated token and its most likely alternatives, in OpenAI's {@code logprobs.content[]}
 * shape.
 *
 * @param token       the token's text (may be part of a UTF-8 character; {@code bytes} is exact)
 * @param bytes       the token's UTF-8 bytes
 * @param logprob     natural log of the token's probability under the model (before sampling settings)
 * @param topLogprobs the {@code top_logprobs} most likely tokens at this position, most likely first
 */
public record TokenLogprob(String token, byte[] bytes, double logprob, List<Alternative> topLogprobs) {

    /** One alternative token at a position. */
    public record Alternative(String token, byte[] bytes, double logprob) {}

    public TokenLogprob {
        topLogprobs = List.copyOf(topLogprobs);
    }
}
