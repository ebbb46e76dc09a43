package dev.gatehouse.natives.llamacpp;

import dev.gatehouse.natives.EngineEvent;
import dev.gatehouse.natives.EngineGeneration;
import dev.gatehouse.natives.TokenProbability;
import java.util.ArrayList;
import java.util.List;

/** A generation read to its end: the text, the logprobs and how it finished. */
record Generations(String text, List<TokenProbability> logprobs, EngineEvent.Finished end) {

    static Generations readAll(EngineGeneration generation) throws InterruptedException {
        StringBuilder text = new StringBuilder();
        List<TokenProbability> logprobs = new ArrayList<>();
        try (generation) {
            while (true) {
                EngineEvent event = generation.next();
                if (event instanceof EngineEvent.Piece piece) {
                    text.append(piece.text());
                    logprobs.addAll(piece.logprobs());
                } else {
                    return new Generations(text.toString(), logprobs, (EngineEvent.Finished) event);
                }
            }
        }
    }
}
