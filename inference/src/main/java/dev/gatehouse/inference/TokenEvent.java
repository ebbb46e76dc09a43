package dev.gatehouse.inference;

import java.util.List;

/** What a {@link TokenStream} yields: text pieces, then exactly one end. */
public sealed interface TokenEvent {

    /**
     * Generated text, usually one token's worth.
     *
     * @param logprobs one entry per token behind this text when logprobs were asked for, else empty
     */
    record Text(String text, List<TokenLogprob> logprobs) implements TokenEvent {
        public Text {
            logprobs = logprobs == null ? List.of() : List.copyOf(logprobs);
        }

        public Text(String text) {
            this(text, List.of());
        }
    }

    /**
     * Generation is over; no more events follow.
     *
     * @param toolCalls the calls the model made (finish reason TOOL_CALLS), else empty
     */
    record End(FinishReason finishReason, Usage usage, List<ToolCall> toolCalls) implements TokenEvent {
        public End {
            toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        }

        public End(FinishReason finishReason, Usage usage) {
            this(finishReason, usage, List.of());
        }
    }
}
