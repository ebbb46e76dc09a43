package dev.gatehouse.router.serving;

import dev.gatehouse.inference.ChatMessage;
import dev.gatehouse.inference.ChatRequest;
import dev.gatehouse.inference.GenerationParams;
import dev.gatehouse.inference.ResponseFormat;
import dev.gatehouse.inference.ToolChoice;
import dev.gatehouse.inference.ToolDefinition;
import dev.gatehouse.inference.provider.ProviderOptions;
import java.util.List;
import java.util.Objects;

/**
 * An OpenAI chat completion request after validation, in our terms. Nothing the client asked for is dropped here:
 * a target that cannot honour a field refuses it by name.
 *
 * @param model             the requested model name, or null for the default
 * @param maxTokens         requested completion budget, or null for "what the context leaves"
 * @param includeUsage      {@code stream_options.include_usage}
 * @param tools             {@code tools} (empty: none)
 * @param toolChoice        {@code tool_choice} (AUTO when absent)
 * @param parallelToolCalls {@code parallel_tool_calls}, or null when absent
 * @param responseFormat    {@code response_format} as asked, not yet compiled
 */
public record ChatCompletionRequest(
        String model,
        List<ChatMessage> messages,
        boolean stream,
        boolean includeUsage,
        Integer maxTokens,
        Sampling sampling,
        List<ToolDefinition> tools,
        ToolChoice toolChoice,
        Boolean parallelToolCalls,
        RequestedFormat responseFormat) {

    public ChatCompletionRequest {
        messages = List.copyOf(messages);
        Objects.requireNonNull(sampling, "sampling");
        tools = List.copyOf(tools);
        Objects.requireNonNull(toolChoice, "toolChoice");
        Objects.requireNonNull(responseFormat, "responseFormat");
    }

    /** The same request naming another model (a reviewer's override pins the request to a target). */
    public ChatCompletionRequest withModel(String other) {
        return new ChatCompletionRequest(other, messages, stream, includeUsage, maxTokens, sampling, tools, toolChoice,
                parallelToolCalls, responseFormat);
    }

    /** {@code response_format} asks for JSON (json_object or json_schema): routing needs the JSON capability. */
    public boolean structuredOutput() {
        return responseFormat.asksForJson();
    }

    /** {@code tools} is a non-empty list: routing needs the TOOLS capability. */
    public boolean toolsRequested() {
        return !tools.isEmpty();
    }

    /**
     * The settings for a local engine, with the completion budget decided against the model's context.
     *
     * @param compiled {@link #responseFormat()} compiled for the engine (a grammar); {@link ResponseFormat#TEXT}
     *                 when the request asked for text
     * @throws IllegalArgumentException when {@code compiled} is not of the requested type (it would silently
     *         constrain differently than asked)
     */
    public GenerationParams params(Integer budget, ResponseFormat compiled) {
        if (compiled.type() != responseFormat.type()) {
            throw new IllegalArgumentException("response_format asks for " + responseFormat.type()
                    + " but the compiled format is " + compiled.type());
        }
        return paramsWith(budget, compiled);
    }

    private GenerationParams paramsWith(Integer budget, ResponseFormat format) {
        Sampling s = sampling;
        return new GenerationParams(budget, s.temperature(), s.topP(), s.seed(), s.stop(), s.topK(), s.minP(),
                s.repeatPenalty(), s.frequencyPenalty(), s.presencePenalty(), s.logitBias(), s.logprobs(),
                s.topLogprobs(), format);
    }

    /** The backend request for a local engine; see {@link #params(Integer, ResponseFormat)}. */
    public ChatRequest toChatRequest(Integer budget, ResponseFormat compiled) {
        return new ChatRequest(messages, params(budget, compiled), tools, toolChoice,
                Boolean.FALSE.equals(parallelToolCalls));
    }

    /**
     * The request for a provider, which takes the response format as sent ({@link #providerOptions()}) and compiles
     * it itself, so the params carry none.
     */
    public ChatRequest toProviderRequest(int maxTokens) {
        return new ChatRequest(messages, paramsWith(maxTokens, ResponseFormat.TEXT), tools, toolChoice);
    }

    /** What a provider takes in OpenAI's own form. */
    public ProviderOptions providerOptions() {
        return new ProviderOptions(responseFormat.toWire(), parallelToolCalls);
    }

    /** The conversation as one text, only for the request log when logPrompts is on. */
    public String promptText() {
        StringBuilder text = new StringBuilder();
        for (ChatMessage m : messages) {
            text.append(m.role().wireName()).append(": ").append(m.content()).append('\n');
        }
        return text.toString();
    }
}
