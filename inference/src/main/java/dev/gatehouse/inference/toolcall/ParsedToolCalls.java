package dev.gatehouse.inference.toolcall;

import dev.gatehouse.inference.ToolCall;
import java.util.List;
import java.util.Objects;

/**
 * Generated text split into what the user should see and the calls the model made.
 *
 * @param content   text outside the calls; the whole text when no call could be read
 * @param reasoning text of a reasoning channel the format separates out (gpt-oss "analysis"); "" otherwise
 * @param calls     the calls in the order the model wrote them; empty when there were none
 */
public record ParsedToolCalls(String content, String reasoning, List<ToolCall> calls) {

    public ParsedToolCalls {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(reasoning, "reasoning");
        calls = List.copyOf(calls);
    }

    static ParsedToolCalls contentOnly(String text) {
        return new ParsedToolCalls(text, "", List.of());
    }

    public boolean hasCalls() {
        return !calls.isEmpty();
    }
}
