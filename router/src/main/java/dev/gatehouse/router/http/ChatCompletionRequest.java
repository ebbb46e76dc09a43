package dev.gatehouse.router.http;

import dev.gatehouse.inference.ChatMessage;
import dev.gatehouse.inference.ChatRequest;
import dev.gatehouse.inference.GenerationParams;
import java.util.List;

/**
 * An OpenAI chat completion request after validation, in our terms.
 *
 * @param model        the requested model name, or null for the default
 * @param maxTokens    requested completion budget, or null for "what the context leaves"
 * @param includeUsage {@code stream_options.include_usage}
 * @param structuredOutput {@code response_format} asks for JSON (json_object or json_schema)
 * @param toolsRequested   {@code tools} is a non-empty list (routing only: tools are not executed here)
 */
record ChatCompletionRequest(
        String model,
        List<ChatMessage> messages,
        boolean stream,
        boolean includeUsage,
        Integer maxTokens,
        Double temperature,
        Double topP,
        Long seed,
        List<String> stop,
        boolean structuredOutput,
        boolean toolsRequested) {

    ChatCompletionRequest {
        messages = List.copyOf(messages);
        stop = List.copyOf(stop);
    }

    /** The backend request with the completion budget decided against the model's context. */
    ChatRequest toChatRequest(Integer budget) {
        return new ChatRequest(messages, new GenerationParams(budget, temperature, topP, seed, stop));
    }

    /** The conversation as one text, only for the request log when logPrompts is on. */
    String promptText() {
        StringBuilder text = new StringBuilder();
        for (ChatMessage m : messages) {
            text.append(m.role().wireName()).append(": ").append(m.content()).append('\n');
        }
        return text.toString();
    }
}
