package dev.gatehouse.inference.worker;

import dev.gatehouse.inference.TokenLogprob;
import dev.gatehouse.natives.TokenProbability;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The engine's token probabilities in the inference layer's OpenAI-shaped terms. */
final class Logprobs {

    private Logprobs() {}

    static List<TokenLogprob> of(List<TokenProbability> probabilities) {
        return probabilities.stream().map(p -> new TokenLogprob(text(p.bytes()), p.bytes(), p.logprob(),
                p.top().stream().map(a -> new TokenLogprob.Alternative(text(a.bytes()), a.bytes(), a.logprob()))
                        .toList())).toList();
    }

    /** A token's text; a token holding part of a UTF-8 character shows U+FFFD, its bytes stay exact. */
    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
